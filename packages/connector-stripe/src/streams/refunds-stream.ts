import type Stripe from 'stripe';
import { int, ref, text } from './stream-columns';
import type { StripeStreamDefinition } from './stream-definition';

/** Refunds of charges and payment intents. */
export const refundsStream: StripeStreamDefinition = {
  name: 'refunds',
  description: 'Refunds (`/v1/refunds`): `amount` in minor units, positive.',
  objectType: 'refund',
  columns: [int('amount'), text('currency'), ref('charge'), ref('payment_intent'), text('reason'), text('status'), ref('balance_transaction'), text('failure_reason')],
  list: (s, p, o) => s.refunds.list(p as Stripe.RefundListParams, o),
  eventTypes: ['refund.created', 'refund.updated', 'refund.failed', 'charge.refund.updated'],
};
