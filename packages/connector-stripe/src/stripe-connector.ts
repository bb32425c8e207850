import type { ConnectorDefinition } from '@sqlflow/core';
import { type StripeConfig, stripeSpec } from './stripe-config';
import { StripeSession } from './stripe-session';

/**
 * The Stripe connector: customers, charges, refunds, balance transactions, payment intents,
 * invoices, subscriptions, products, prices and events; first sync by `created` slices, then
 * incremental through Stripe's event log (updates and deletions included).
 *
 * @example
 * await using session = await openConnector(stripeConnector, { secret_key: key, stream: 'charges' }, createContext());
 * for await (const { batch } of session.read!({ stream: 'charges', syncMode: 'full_refresh' })) console.log(batch.numRows);
 */
export const stripeConnector: ConnectorDefinition<StripeConfig> = {
  name: 'stripe',
  kind: 'source',
  version: '0.1.0',
  transport: 'http',
  description: 'Stripe source: 10 streams, events-based incremental sync with deletions, shared rate budget per key.',
  spec: stripeSpec,
  open: async (config, context) => new StripeSession(config, context),
};
