import type Stripe from 'stripe';
import { int, ref, text, time } from './stream-columns';
import type { StripeStreamDefinition } from './stream-definition';

/** Payment intents. */
export const paymentIntentsStream: StripeStreamDefinition = {
  name: 'payment_intents',
  description: 'Payment intents (`/v1/payment_intents`): amounts in minor units.',
  objectType: 'payment_intent',
  columns: [
    int('amount'), int('amount_received'), int('amount_capturable'), text('currency'), text('status'), ref('customer'), ref('latest_charge'),
    ref('payment_method'), text('capture_method'), time('canceled_at'), text('cancellation_reason'), text('description'),
  ],
  list: (s, p, o) => s.paymentIntents.list(p as Stripe.PaymentIntentListParams, o),
  eventTypes: [
    'payment_intent.created', 'payment_intent.succeeded', 'payment_intent.canceled', 'payment_intent.processing', 'payment_intent.payment_failed',
    'payment_intent.requires_action', 'payment_intent.amount_capturable_updated', 'payment_intent.partially_funded',
  ],
};
