// @sqlflow/connector-stripe: SQLFlow Stripe connector: events-based incremental sync of customers, charges, refunds, invoices, subscriptions and more; webhooks; reconciliation.
export {};
