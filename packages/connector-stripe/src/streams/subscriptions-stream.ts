import type Stripe from 'stripe';
import type { StripeRecord } from '../stripe-client';
import { bool, json, listItems, ref, text, time } from './stream-columns';
import type { StripeStreamDefinition } from './stream-definition';

/** Subscription items as a compact JSON list with the price's amount and interval. */
function items(o: StripeRecord): unknown {
  return listItems(o.items).map((i) => {
    const price = (i.price ?? {}) as Record<string, unknown>;
    const recurring = (price.recurring ?? {}) as { interval?: string; interval_count?: number };
    return {
      id: i.id, quantity: i.quantity ?? null, price_id: price.id ?? null, product_id: typeof price.product === 'object' && price.product !== null ? (price.product as { id?: unknown }).id : (price.product ?? null),
      unit_amount: price.unit_amount ?? null, currency: price.currency ?? null, interval: recurring.interval ?? null, interval_count: recurring.interval_count ?? null,
    };
  });
}

const firstItem = (o: StripeRecord, field: string): unknown => listItems(o.items)[0]?.[field];

/** Subscriptions of every status, with items. */
export const subscriptionsStream: StripeStreamDefinition = {
  name: 'subscriptions',
  description: 'Subscriptions of every status (`/v1/subscriptions?status=all`) with `items` as JSON (`id`, `quantity`, `price_id`, `product_id`, `unit_amount`, `currency`, `interval`, `interval_count`). A canceled subscription keeps `deleted = false` and has `status = canceled`.',
  objectType: 'subscription',
  columns: [
    ref('customer'), text('status'), text('currency'), time('start_date'), time('current_period_start', (o) => o.current_period_start ?? firstItem(o, 'current_period_start')),
    time('current_period_end', (o) => o.current_period_end ?? firstItem(o, 'current_period_end')), time('cancel_at'), bool('cancel_at_period_end'), time('canceled_at'),
    time('ended_at'), time('trial_start'), time('trial_end'), text('collection_method'), json('items', items),
  ],
  list: (s, p, o) => s.subscriptions.list({ ...(p as Stripe.SubscriptionListParams), status: 'all' }, o),
  eventTypes: [
    'customer.subscription.created', 'customer.subscription.updated', 'customer.subscription.deleted', 'customer.subscription.paused',
    'customer.subscription.resumed', 'customer.subscription.pending_update_applied', 'customer.subscription.pending_update_expired', 'customer.subscription.trial_will_end',
  ],
};
