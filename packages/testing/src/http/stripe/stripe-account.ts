import type { TestClock } from '../http-types';
import { type StripeObject, StripeObjectList } from './stripe-object-list';

/** Stripe keeps events for 30 days. */
export const STRIPE_EVENT_RETENTION_SECONDS = 30 * 86_400;

/** The list resources the fake serves, by URL segment (`/v1/<resource>`). */
export const STRIPE_RESOURCES = [
  'customers', 'charges', 'refunds', 'balance_transactions', 'payment_intents', 'invoices', 'subscriptions', 'products', 'prices', 'events',
] as const;
/** One of {@link STRIPE_RESOURCES}. */
export type StripeResource = (typeof STRIPE_RESOURCES)[number];

const PREFIX: Record<StripeResource, string> = {
  customers: 'cus', charges: 'ch', refunds: 're', balance_transactions: 'txn', payment_intents: 'pi', invoices: 'in',
  subscriptions: 'sub', products: 'prod', prices: 'price', events: 'evt',
};

/** The `object` value of each resource's objects. */
export const STRIPE_OBJECT_TYPES: Record<StripeResource, string> = {
  customers: 'customer', charges: 'charge', refunds: 'refund', balance_transactions: 'balance_transaction', payment_intents: 'payment_intent',
  invoices: 'invoice', subscriptions: 'subscription', products: 'product', prices: 'price', events: 'event',
};

/**
 * One Stripe account's data in the fake: an object list per resource plus the event log.
 * `put`, `update` and `remove` change objects and record the events Stripe would send;
 * `seed` adds historic objects without events (their events are long past retention).
 */
export class StripeAccount {
  private readonly lists = new Map<StripeResource, StripeObjectList>();
  private counter = 0;

  constructor(
    readonly id: string,
    readonly clock: TestClock,
    readonly livemode = false,
  ) {
    for (const r of STRIPE_RESOURCES) this.lists.set(r, new StripeObjectList());
  }

  /** The current time in Stripe's unit (whole seconds). */
  nowSeconds(): number {
    return Math.floor(this.clock.now() / 1000);
  }

  /** The object list of a resource. */
  list(resource: StripeResource): StripeObjectList {
    return this.lists.get(resource)!;
  }

  /** A fresh id with the resource's prefix. */
  newId(resource: StripeResource): string {
    this.counter++;
    return `${PREFIX[resource]}_${this.counter.toString(36).padStart(8, '0')}${this.id === 'acct_platform' ? '' : this.id.slice(-4)}`;
  }

  /** Adds an object with no event (historic data); fills `id`, `object`, `created`, `livemode` when missing. */
  seed(resource: StripeResource, fields: Partial<StripeObject>): StripeObject {
    const object = this.complete(resource, fields);
    this.list(resource).insert(object);
    return object;
  }

  /** Creates an object now and records `<type>.created` (or the given event type). */
  put(resource: StripeResource, fields: Partial<StripeObject>, eventType = `${STRIPE_OBJECT_TYPES[resource]}.created`): StripeObject {
    const object = this.complete(resource, { created: this.nowSeconds(), ...fields });
    this.list(resource).insert(object);
    this.emit(eventType, object);
    return object;
  }

  /** Changes fields of an object and records an event (default `<type>.updated`) with `previous_attributes`. */
  update(resource: StripeResource, id: string, patch: Partial<StripeObject>, eventType = `${STRIPE_OBJECT_TYPES[resource]}.updated`): StripeObject {
    const old = this.require(resource, id);
    const next = { ...old, ...patch } as StripeObject;
    this.list(resource).replace(next);
    const previous: Record<string, unknown> = {};
    for (const k of Object.keys(patch)) previous[k] = old[k] ?? null;
    this.emit(eventType, next, previous);
    return next;
  }

  /** Deletes an object and records `<type>.deleted` carrying its last state. */
  remove(resource: StripeResource, id: string): StripeObject {
    const old = this.require(resource, id);
    this.list(resource).markDeleted(id);
    this.emit(`${STRIPE_OBJECT_TYPES[resource]}.deleted`, old);
    return old;
  }

  /** The current state of an object, or undefined. */
  get(resource: StripeResource, id: string): StripeObject | undefined {
    return this.list(resource).get(id);
  }

  /** Records an event about `object` (a snapshot is stored, as Stripe does). */
  emit(type: string, object: StripeObject, previousAttributes?: Record<string, unknown>): StripeObject {
    const event = this.complete('events', {
      created: this.nowSeconds(),
      type,
      api_version: '2025-03-31.basil',
      data: { object: structuredClone(object), ...(previousAttributes ? { previous_attributes: previousAttributes } : {}) },
      pending_webhooks: 0,
      request: { id: `req_${this.counter.toString(36)}`, idempotency_key: null },
      ...(this.id === 'acct_platform' ? {} : { account: this.id }),
    });
    this.list('events').insert(event);
    return event;
  }

  private require(resource: StripeResource, id: string): StripeObject {
    const o = this.list(resource).get(id);
    if (!o || this.list(resource).isDeleted(id)) throw new Error(`no such ${STRIPE_OBJECT_TYPES[resource]}: ${id}`);
    return o;
  }

  private complete(resource: StripeResource, fields: Partial<StripeObject>): StripeObject {
    return {
      id: fields.id ?? this.newId(resource),
      object: STRIPE_OBJECT_TYPES[resource],
      created: fields.created ?? this.nowSeconds(),
      livemode: this.livemode,
      ...(resource === 'events' || resource === 'balance_transactions' ? {} : { metadata: {} }),
      ...fields,
    } as StripeObject;
  }
}
