import type Stripe from 'stripe';
import { bool, int, ref, text } from './stream-columns';
import type { StripeStreamDefinition } from './stream-definition';

/** Prices, with the recurring interval flattened. */
export const pricesStream: StripeStreamDefinition = {
  name: 'prices',
  description: 'Prices (`/v1/prices`): `unit_amount` in minor units; `recurring` flattened to `recurring_interval`, `recurring_interval_count`, `recurring_usage_type`; deleted prices stay with `deleted = true`.',
  objectType: 'price',
  columns: [
    ref('product'), bool('active'), text('currency'), int('unit_amount'), text('type'), text('billing_scheme'), text('nickname'), text('lookup_key'),
    text('recurring_interval', 'recurring.interval'), int('recurring_interval_count', 'recurring.interval_count'), text('recurring_usage_type', 'recurring.usage_type'),
  ],
  list: (s, p, o) => s.prices.list(p as Stripe.PriceListParams, o),
  eventTypes: ['price.created', 'price.updated', 'price.deleted'],
  deleteEvents: ['price.deleted'],
};
