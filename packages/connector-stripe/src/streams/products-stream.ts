import type Stripe from 'stripe';
import { bool, ref, text, time } from './stream-columns';
import type { StripeStreamDefinition } from './stream-definition';

/** Products; deleted products are kept with `deleted = true`. */
export const productsStream: StripeStreamDefinition = {
  name: 'products',
  description: 'Products (`/v1/products`); deleted products stay with `deleted = true`.',
  objectType: 'product',
  columns: [text('name'), text('description'), bool('active'), text('type'), ref('default_price'), time('updated')],
  list: (s, p, o) => s.products.list(p as Stripe.ProductListParams, o),
  eventTypes: ['product.created', 'product.updated', 'product.deleted'],
  deleteEvents: ['product.deleted'],
};
