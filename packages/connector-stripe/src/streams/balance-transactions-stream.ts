import type Stripe from 'stripe';
import { float, int, json, ref, text, time } from './stream-columns';
import type { StripeStreamDefinition } from './stream-definition';

/**
 * Balance transactions. Stripe sends no events for them, so incremental runs re-read by
 * `created` from the watermark (minus `lookback_window_days`, to pick up status changes).
 */
export const balanceTransactionsStream: StripeStreamDefinition = {
  name: 'balance_transactions',
  description: 'Balance transactions (`/v1/balance_transactions`): `amount`, `fee`, `net` in minor units (refunds negative). No events: incremental reads go by `created`.',
  objectType: 'balance_transaction',
  columns: [
    int('amount'), int('fee'), int('net'), text('currency'), text('type'), text('reporting_category'), text('status'), ref('source'),
    text('description'), time('available_on'), float('exchange_rate'), json('fee_details'),
  ],
  list: (s, p, o) => s.balanceTransactions.list(p as Stripe.BalanceTransactionListParams, o),
};
