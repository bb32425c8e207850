import type Stripe from 'stripe';
import { int, json, text } from './stream-columns';
import type { StripeStreamDefinition } from './stream-definition';

/** The event log itself (Stripe keeps 30 days). */
export const eventsStream: StripeStreamDefinition = {
  name: 'events',
  description: 'Events (`/v1/events`, 30 days of history): `type`, the changed object as JSON in `data_object`, `previous_attributes`, and its id and type.',
  objectType: 'event',
  columns: [
    text('type'), text('api_version'), text('account'), text('object_id', 'data.object.id'), text('object_type', 'data.object.object'),
    json('data_object', 'data.object'), json('previous_attributes', 'data.previous_attributes'), text('request_id', 'request.id'), int('pending_webhooks'),
  ],
  list: (s, p, o) => s.events.list(p as Stripe.EventListParams, o),
};
