import { causeChain } from '@sqlflow/core';
import { asRecord, headerOf } from './error-fields';

/**
 * Milliseconds to wait according to a `Retry-After` header value: delta-seconds (`"120"`,
 * leniently `"1.5"`) or an HTTP date (wait until then, never negative). `undefined` when the
 * value is absent or unreadable.
 *
 * @example parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:30 GMT')) // 30000
 */
export function parseRetryAfter(value: string | number | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.ceil(value * 1000) : undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  if (!/[a-z]/i.test(text)) return undefined; // an HTTP date names its day and month
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

function ownRetryAfterMs(link: unknown, nowMs: number): number | undefined {
  const record = asRecord(link);
  if (!record) return undefined;
  if (typeof record.retryAfterMs === 'number' && record.retryAfterMs >= 0) return record.retryAfterMs;
  const raw = record.retryAfter;
  if (typeof raw === 'string' || typeof raw === 'number') {
    const ms = parseRetryAfter(raw, nowMs);
    if (ms !== undefined) return ms;
  }
  for (const headers of [record.headers, asRecord(record.response)?.headers, asRecord(record.$response)?.headers]) {
    const exactMs = headerOf(headers, 'retry-after-ms');
    if (exactMs !== undefined && /^\d+$/.test(exactMs.trim())) return Number(exactMs.trim());
    const ms = parseRetryAfter(headerOf(headers, 'retry-after'), nowMs);
    if (ms !== undefined) return ms;
  }
  return undefined;
}

/**
 * How long the remote side asked us to wait, from the first error in the `cause` chain that
 * says so: `RateLimitError.retryAfterMs`, a numeric `retryAfterMs`, a `retryAfter` field
 * (header value: seconds or HTTP date), or `retry-after-ms` / `Retry-After` among `headers`
 * (also `response.headers`). `undefined` when nobody said.
 */
export function retryAfterMs(error: unknown, nowMs: number): number | undefined {
  for (const link of causeChain(error)) {
    const ms = ownRetryAfterMs(link, nowMs);
    if (ms !== undefined) return ms;
  }
  return undefined;
}
