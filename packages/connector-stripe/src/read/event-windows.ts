import type Stripe from 'stripe';
import type { StripeClient, StripeRecord } from '../stripe-client';
import { listPages } from './list-pages';

const TARGET_EVENTS = 2000;
const MIN_WINDOW = 60;
const MAX_WINDOW = 30 * 86_400;

/**
 * Stripe events with `created` in `[from, to]`, oldest first, one time window at a time.
 * Stripe lists newest first, so each window is read whole and reversed; windows adapt their
 * length so that one holds about 2,000 events, which bounds memory.
 */
export async function* eventWindows(client: StripeClient, types: readonly string[] | undefined, from: number, to: number, pageSize: number, signal?: AbortSignal): AsyncGenerator<StripeRecord[]> {
  let size = 6 * 3600;
  const extra = types ? { types: [...types] } : {};
  for (let start = from; start <= to; ) {
    const end = Math.min(start + size, to + 1);
    const events: StripeRecord[] = [];
    for await (const page of listPages(client, 'list events', (s, p, o) => s.events.list(p as Stripe.EventListParams, o), { from: start, to: end }, pageSize, signal, extra)) {
      events.push(...page);
    }
    events.reverse();
    if (events.length > 0) yield events;
    if (events.length > 2 * TARGET_EVENTS) size = Math.max(MIN_WINDOW, Math.floor(size / 2));
    else if (events.length < TARGET_EVENTS / 4) size = Math.min(MAX_WINDOW, size * 2);
    start = end;
  }
}
