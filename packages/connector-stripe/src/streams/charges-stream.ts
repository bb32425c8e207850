import type Stripe from 'stripe';
import { bool, int, json, ref, text } from './stream-columns';
import type { StripeStreamDefinition } from './stream-definition';

/** Charges, with captured and refunded amounts in minor units. */
export const chargesStream: StripeStreamDefinition = {
  name: 'charges',
  description: 'Charges (`/v1/charges`): amounts in the currency\'s minor unit; refunds update `amount_refunded` and `refunded`.',
  objectType: 'charge',
  columns: [
    int('amount'), int('amount_captured'), int('amount_refunded'), text('currency'), bool('captured'), bool('paid'), bool('refunded'),
    text('status'), ref('customer'), ref('payment_intent'), ref('balance_transaction'), ref('invoice'), text('description'),
    text('failure_code'), text('failure_message'), text('receipt_email'), text('statement_descriptor'),
    json('billing_details'), json('outcome'), json('payment_method_details'),
  ],
  list: (s, p, o) => s.charges.list(p as Stripe.ChargeListParams, o),
  eventTypes: ['charge.succeeded', 'charge.failed', 'charge.pending', 'charge.captured', 'charge.expired', 'charge.refunded', 'charge.updated'],
};
