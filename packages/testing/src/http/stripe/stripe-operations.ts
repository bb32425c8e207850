import type { StripeAccount } from './stripe-account';
import type { StripeObject } from './stripe-object-list';

/** Options of an operation: `at` (seconds) makes it historic: stored without events. */
export interface OperationTime {
  readonly at?: number;
}

const DAY = 86_400;

/**
 * Business operations on a fake Stripe account that change several objects the way Stripe does
 * (a charge creates a payment intent and a balance transaction; a refund updates its charge) and
 * record the matching events. Tests use these to mutate the fake between sync runs.
 */
export class StripeOperations {
  constructor(readonly account: StripeAccount) {}

  /** Creates a customer (`customer.created`). */
  createCustomer(fields: Partial<StripeObject> = {}, time: OperationTime = {}): StripeObject {
    const n = this.account.newId('customers');
    return this.make('customers', { id: n, email: `${n}@example.com`, name: `Customer ${n}`, description: null, currency: 'usd', balance: 0, delinquent: false, address: null, shipping: null, ...fields }, time);
  }

  /** Changes customer fields (`customer.updated`). */
  updateCustomer(id: string, patch: Partial<StripeObject>): StripeObject {
    return this.account.update('customers', id, patch);
  }

  /** Deletes a customer (`customer.deleted`). */
  deleteCustomer(id: string): StripeObject {
    return this.account.remove('customers', id);
  }

  /** Creates a product (`product.created`). */
  createProduct(fields: Partial<StripeObject> = {}, time: OperationTime = {}): StripeObject {
    const created = time.at ?? this.account.nowSeconds();
    return this.make('products', { name: 'Product', description: null, active: true, type: 'service', default_price: null, updated: created, ...fields }, time);
  }

  /** Creates a recurring (default monthly) price for a product (`price.created`). */
  createPrice(product: string, unitAmount: number, fields: Partial<StripeObject> = {}, time: OperationTime = {}): StripeObject {
    return this.make('prices', {
      product, active: true, currency: 'usd', unit_amount: unitAmount, type: 'recurring', billing_scheme: 'per_unit', nickname: null, lookup_key: null,
      recurring: { interval: 'month', interval_count: 1, usage_type: 'licensed' }, ...fields,
    }, time);
  }

  /** A captured card charge with its payment intent and balance transaction. */
  createCharge(customer: string | null, amount: number, currency = 'usd', time: OperationTime = {}): StripeObject {
    const created = time.at ?? this.account.nowSeconds();
    const chargeId = this.account.newId('charges');
    const txn = this.balanceTransaction(chargeId, 'charge', amount, currency, created, time);
    const pi = this.make('payment_intents', {
      amount, amount_received: amount, amount_capturable: 0, currency, status: 'succeeded', customer, latest_charge: chargeId, payment_method: `pm_${chargeId.slice(3)}`,
      capture_method: 'automatic', canceled_at: null, cancellation_reason: null, description: null,
    }, time, 'payment_intent.succeeded');
    return this.make('charges', {
      id: chargeId, amount, amount_captured: amount, amount_refunded: 0, currency, captured: true, paid: true, refunded: false, status: 'succeeded',
      customer, payment_intent: pi.id, balance_transaction: txn.id, invoice: null, description: null, failure_code: null, failure_message: null,
      receipt_email: null, billing_details: { name: null, email: null, address: null },
      outcome: { network_status: 'approved_by_network', type: 'authorized', risk_level: 'normal' },
      payment_method_details: { type: 'card', card: { brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2030 } },
    }, time, 'charge.succeeded');
  }

  /** Refunds (part of) a charge: a refund, its balance transaction, and the charge's refunded amounts. */
  refundCharge(chargeId: string, amount?: number, time: OperationTime = {}): StripeObject {
    const charge = this.account.get('charges', chargeId);
    if (!charge) throw new Error(`no such charge: ${chargeId}`);
    const left = (charge.amount_captured as number) - (charge.amount_refunded as number);
    const value = Math.min(amount ?? left, left);
    if (value <= 0) throw new Error(`charge ${chargeId} is fully refunded`);
    const created = time.at ?? this.account.nowSeconds();
    const refundId = this.account.newId('refunds');
    const txn = this.balanceTransaction(refundId, 'refund', -value, charge.currency as string, created, time);
    const refund = this.make('refunds', {
      id: refundId, amount: value, currency: charge.currency, charge: chargeId, payment_intent: charge.payment_intent, reason: 'requested_by_customer', status: 'succeeded',
      balance_transaction: txn.id,
    }, time);
    const refunded = (charge.amount_refunded as number) + value;
    const patch = { amount_refunded: refunded, refunded: refunded === charge.amount_captured };
    if (time.at !== undefined) this.account.list('charges').replace({ ...charge, ...patch });
    else this.account.update('charges', chargeId, patch, 'charge.refunded');
    return refund;
  }

  /** A subscription to `price` with its first (paid) invoice. */
  createSubscription(customer: string, price: StripeObject, quantity = 1, time: OperationTime = {}): StripeObject {
    const created = time.at ?? this.account.nowSeconds();
    const id = this.account.newId('subscriptions');
    const period = { start: created, end: created + 30 * DAY };
    const item = {
      id: `si_${id.slice(4)}`, object: 'subscription_item', created, quantity, price: structuredClone(price),
      current_period_start: period.start, current_period_end: period.end,
    };
    const sub = this.make('subscriptions', {
      id, customer, status: 'active', currency: price.currency, start_date: created, current_period_start: period.start, current_period_end: period.end,
      cancel_at: null, cancel_at_period_end: false, canceled_at: null, ended_at: null, trial_start: null, trial_end: null, collection_method: 'charge_automatically',
      items: { object: 'list', data: [item], has_more: false, total_count: 1, url: `/v1/subscription_items?subscription=${id}` },
    }, time, 'customer.subscription.created');
    const amount = (price.unit_amount as number) * quantity;
    this.make('invoices', {
      customer, subscription: id, status: 'paid', number: `INV-${id.slice(4)}`, currency: price.currency, amount_due: amount, amount_paid: amount, amount_remaining: 0,
      subtotal: amount, total: amount, tax: null, period_start: period.start, period_end: period.end, due_date: null, paid: true, attempted: true,
      billing_reason: 'subscription_create', collection_method: 'charge_automatically', hosted_invoice_url: null,
      lines: {
        object: 'list', has_more: false, total_count: 1,
        data: [{ id: `il_${id.slice(4)}`, object: 'line_item', amount, currency: price.currency, description: `${quantity} x ${price.id}`, quantity, price: { id: price.id }, period }],
      },
    }, time, 'invoice.paid');
    return sub;
  }

  /** Changes a subscription's quantity (`customer.subscription.updated`). */
  updateSubscriptionQuantity(id: string, quantity: number): StripeObject {
    const sub = this.account.get('subscriptions', id)!;
    const items = structuredClone(sub.items) as { data: Array<Record<string, unknown>> };
    items.data[0]!.quantity = quantity;
    return this.account.update('subscriptions', id, { items });
  }

  /** Cancels a subscription now (`customer.subscription.deleted`; the object stays, status `canceled`). */
  cancelSubscription(id: string, time: OperationTime = {}): StripeObject {
    const at = time.at ?? this.account.nowSeconds();
    const patch = { status: 'canceled', canceled_at: at, ended_at: at };
    if (time.at !== undefined) {
      const sub = this.account.get('subscriptions', id)!;
      const next = { ...sub, ...patch };
      this.account.list('subscriptions').replace(next);
      return next;
    }
    return this.account.update('subscriptions', id, patch, 'customer.subscription.deleted');
  }

  private balanceTransaction(source: string, type: 'charge' | 'refund', amount: number, currency: string, created: number, time: OperationTime): StripeObject {
    const fee = type === 'charge' ? Math.round(amount * 0.029) + 30 : 0;
    return this.make('balance_transactions', {
      created, amount, fee, net: amount - fee, currency, type, reporting_category: type, status: 'available', source, description: null,
      available_on: created + 2 * DAY, exchange_rate: null, fee_details: fee ? [{ amount: fee, currency, type: 'stripe_fee', description: 'Stripe processing fees' }] : [],
    }, time, null);
  }

  private make(resource: Parameters<StripeAccount['put']>[0], fields: Partial<StripeObject>, time: OperationTime, eventType?: string | null): StripeObject {
    if (time.at !== undefined) return this.account.seed(resource, { created: time.at, ...fields });
    if (eventType === null) return this.account.seed(resource, { created: this.account.nowSeconds(), ...fields });
    return this.account.put(resource, fields, eventType);
  }
}
