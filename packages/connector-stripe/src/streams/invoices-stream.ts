import type Stripe from 'stripe';
import type { StripeRecord } from '../stripe-client';
import { bool, int, json, listItems, ref, text, time } from './stream-columns';
import type { StripeStreamDefinition } from './stream-definition';

/** Invoice lines as a compact JSON list: id, amount, currency, description, price, quantity, period. */
function lines(o: StripeRecord): unknown {
  return listItems(o.lines).map((l) => {
    const price = l.price ?? (l.pricing as { price_details?: { price?: unknown } } | undefined)?.price_details?.price;
    const period = l.period as { start?: number; end?: number } | undefined;
    return {
      id: l.id, amount: l.amount, currency: l.currency, description: l.description ?? null, quantity: l.quantity ?? null,
      price_id: typeof price === 'object' && price !== null ? (price as { id?: unknown }).id : (price ?? null),
      period_start: period?.start ?? null, period_end: period?.end ?? null,
    };
  });
}

/** Invoices with their lines. */
export const invoicesStream: StripeStreamDefinition = {
  name: 'invoices',
  description: 'Invoices (`/v1/invoices`) with `lines` as JSON (`id`, `amount`, `currency`, `description`, `quantity`, `price_id`, `period_start`, `period_end`); deleted drafts stay with `deleted = true`.',
  objectType: 'invoice',
  columns: [
    ref('customer'), ref('subscription', (o) => o.subscription ?? (o.parent as { subscription_details?: { subscription?: unknown } } | null)?.subscription_details?.subscription),
    text('status'), text('number'), text('currency'), int('amount_due'), int('amount_paid'), int('amount_remaining'), int('subtotal'), int('total'),
    time('period_start'), time('period_end'), time('due_date'), bool('paid', (o) => o.paid ?? (o.status === 'paid')), bool('attempted'),
    text('billing_reason'), text('collection_method'), text('hosted_invoice_url'), json('lines', lines),
  ],
  list: (s, p, o) => s.invoices.list(p as Stripe.InvoiceListParams, o),
  eventTypes: [
    'invoice.created', 'invoice.updated', 'invoice.deleted', 'invoice.finalized', 'invoice.paid', 'invoice.payment_failed', 'invoice.payment_succeeded',
    'invoice.voided', 'invoice.marked_uncollectible', 'invoice.sent', 'invoice.overdue',
  ],
  deleteEvents: ['invoice.deleted'],
};
