import type Stripe from 'stripe';
import { bool, int, json, text } from './stream-columns';
import type { StripeStreamDefinition } from './stream-definition';

/** Customers; deleted customers are kept with `deleted = true`. */
export const customersStream: StripeStreamDefinition = {
  name: 'customers',
  description: 'Customers (`/v1/customers`). Deleted customers stay, with `deleted = true`.',
  objectType: 'customer',
  columns: [
    text('email'), text('name'), text('description'), text('phone'), text('currency'), int('balance'), bool('delinquent'),
    text('invoice_prefix'), json('address'), json('shipping'), json('invoice_settings'),
  ],
  list: (s, p, o) => s.customers.list(p as Stripe.CustomerListParams, o),
  eventTypes: ['customer.created', 'customer.updated', 'customer.deleted'],
  deleteEvents: ['customer.deleted'],
};
