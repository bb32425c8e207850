// @sqlflow/connector-stripe: SQLFlow Stripe connector: events-based incremental sync of customers, charges, refunds, invoices, subscriptions and more; webhooks; reconciliation.

// Connector
export { stripeConnector } from './stripe-connector';
export { stripeSpec, resolveStripeConfig } from './stripe-config';
export type { StripeConfig, ResolvedStripeConfig } from './stripe-config';
export { StripeSession, stripeStreamSchema } from './stripe-session';
export { STRIPE_STREAM_NAMES } from './streams/stream-names';
export { STRIPE_STREAMS } from './streams/stream-registry';
export type { StripeStreamDefinition } from './streams/stream-definition';
export { SYNC_POSITION } from './streams/stream-columns';
export { EVENT_RETENTION_SECONDS } from './read/stream-reader';

// Client, errors, redaction
export { StripeClient, sharedBudget } from './stripe-client';
export type { StripeRecord, StripeListPage, StripeListParams, StripeLister } from './stripe-client';
export { mapStripeError } from './stripe-errors';
export { stripeRedactor } from './stripe-redact';

// Webhooks
export { verifyStripeSignature, signStripePayload, DEFAULT_TOLERANCE_SECONDS } from './webhooks/verify-signature';
export type { VerifyOptions, VerifiedStripeEvent } from './webhooks/verify-signature';
export { serveStripeWebhooks } from './webhooks/serve-webhooks';
export type { ServeWebhooksOptions, WebhookServer } from './webhooks/serve-webhooks';
export { webhookEventsSql } from './webhooks/webhook-sql';

// Financial checks
export { reconciliationSql } from './reconciliation/reconciliation-sql';
export type { ReconciliationTables } from './reconciliation/reconciliation-sql';
