import { paginate } from '@sqlflow/core';
import type { StripeClient, StripeLister, StripeRecord } from '../stripe-client';

/** A range of `created` values in seconds: `from` inclusive, `to` exclusive. */
export interface CreatedRange {
  readonly from: number;
  readonly to: number;
}

/**
 * The pages of one list endpoint within a `created` range, newest first, through core's
 * `paginate()` (cursor = the last id of a page, sent as `starting_after`).
 */
export function listPages(client: StripeClient, what: string, lister: StripeLister, range: CreatedRange, pageSize: number, signal?: AbortSignal, extra: Readonly<Record<string, unknown>> = {}): AsyncGenerator<readonly StripeRecord[]> {
  return paginate<StripeRecord, string>({
    signal,
    fetchPage: async (after, pageSignal) => {
      const page = await client.list(what, lister, { limit: pageSize, created: { gte: range.from, lt: range.to }, ...(after ? { starting_after: after } : {}), ...extra }, pageSignal);
      return { items: page.data, next: page.has_more && page.data.length > 0 ? page.data[page.data.length - 1]!.id : undefined };
    },
  });
}

/** Splits `[from, to)` into consecutive slices of at most `size` seconds, newest first. */
export function timeSlices(from: number, to: number, size: number): CreatedRange[] {
  const out: CreatedRange[] = [];
  for (let end = to; end > from; end -= size) out.push({ from: Math.max(from, end - size), to: end });
  return out;
}
