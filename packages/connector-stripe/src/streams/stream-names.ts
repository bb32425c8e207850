/** Every stream the Stripe connector offers. */
export const STRIPE_STREAM_NAMES: readonly string[] = [
  'customers', 'charges', 'refunds', 'balance_transactions', 'payment_intents', 'invoices', 'subscriptions', 'products', 'prices', 'events',
];
