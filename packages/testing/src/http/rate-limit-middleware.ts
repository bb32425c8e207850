import type { HttpMiddleware, TestClock, TestHttpRequest, TestHttpResponse } from './http-types';
import { ANSWERED_BY_HEADER } from './request-log';

/** What a rate limiter knows when it answers or decorates a response. */
export interface RateLimitState {
  /** Requests per second allowed for this key. */
  readonly limit: number;
  /** Whole requests left in the bucket. */
  readonly remaining: number;
  /** Milliseconds until one more request is allowed (0 when one is). */
  readonly retryAfterMs: number;
}

/** Options of {@link rateLimit}. */
export interface RateLimitOptions {
  /** The budget a request spends from, e.g. its API key (default: one budget for everything). */
  readonly key?: (request: TestHttpRequest) => string;
  /** Sustained requests per second of a key (a number, or per key). */
  readonly ratePerSecond: number | ((key: string) => number);
  /** Requests a full bucket allows at once (default: one second's worth). */
  readonly burst?: number | ((key: string) => number);
  /** The API's throttled answer (default: 429 with `Retry-After` and a JSON error). */
  readonly limited?: (request: TestHttpRequest, state: RateLimitState) => TestHttpResponse;
  /** Headers added to every answered request (e.g. the API's remaining-budget headers). */
  readonly headers?: (state: RateLimitState) => Record<string, string>;
  /** Requests this returns true for are not limited (e.g. health checks). */
  readonly exempt?: (request: TestHttpRequest) => boolean;
  readonly clock?: TestClock;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token-bucket rate limiter per key that answers like the real API when the budget is spent,
 * so a connector's limiter and 429 handling meet the real behaviour. Over-limit requests are
 * logged as answered by `rate-limit`.
 *
 * @example rateLimit({ key: (r) => r.headers.authorization ?? '', ratePerSecond: 25 })
 */
export function rateLimit(options: RateLimitOptions): HttpMiddleware {
  const buckets = new Map<string, Bucket>();
  const clock = options.clock ?? { now: () => Date.now() };
  const rateOf = (k: string): number => (typeof options.ratePerSecond === 'function' ? options.ratePerSecond(k) : options.ratePerSecond);
  const burstOf = (k: string): number => (typeof options.burst === 'function' ? options.burst(k) : (options.burst ?? rateOf(k)));
  return async (request, next) => {
    if (options.exempt?.(request)) return next(request);
    const key = options.key?.(request) ?? '';
    const rate = rateOf(key);
    const burst = burstOf(key);
    const now = clock.now();
    const bucket = buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * rate);
    bucket.at = now;
    buckets.set(key, bucket);
    if (bucket.tokens < 1) {
      const state = { limit: rate, remaining: 0, retryAfterMs: Math.ceil(((1 - bucket.tokens) / rate) * 1000) };
      const answer = (options.limited ?? defaultLimited)(request, state);
      return { ...answer, headers: { ...answer.headers, ...options.headers?.(state), [ANSWERED_BY_HEADER]: 'rate-limit' } };
    }
    bucket.tokens -= 1;
    const response = await next(request);
    if (!options.headers) return response;
    const state = { limit: rate, remaining: Math.floor(bucket.tokens), retryAfterMs: 0 };
    return { ...response, headers: { ...options.headers(state), ...response.headers } };
  };
}

function defaultLimited(_request: TestHttpRequest, state: RateLimitState): TestHttpResponse {
  return {
    status: 429,
    headers: { 'retry-after': String(Math.max(1, Math.ceil(state.retryAfterMs / 1000))) },
    body: { error: { message: 'Too many requests' } },
  };
}
