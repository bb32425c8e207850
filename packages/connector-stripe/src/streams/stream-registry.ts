import { balanceTransactionsStream } from './balance-transactions-stream';
import { chargesStream } from './charges-stream';
import { customersStream } from './customers-stream';
import { eventsStream } from './events-stream';
import { invoicesStream } from './invoices-stream';
import { paymentIntentsStream } from './payment-intents-stream';
import { pricesStream } from './prices-stream';
import { productsStream } from './products-stream';
import { refundsStream } from './refunds-stream';
import type { StripeStreamDefinition } from './stream-definition';
import { subscriptionsStream } from './subscriptions-stream';

/** Every stream, in documentation order. */
export const STRIPE_STREAMS: readonly StripeStreamDefinition[] = [
  customersStream, chargesStream, refundsStream, balanceTransactionsStream, paymentIntentsStream, invoicesStream, subscriptionsStream, productsStream,
  pricesStream, eventsStream,
];
