import type { TestHttpResponse } from '../http-types';

/** A Stripe-shaped error answer: `{ "error": { "type", "message", "code"?, "param"? } }`. */
export function stripeError(status: number, message: string, extra: { type?: string; code?: string; param?: string; headers?: Record<string, string> } = {}): TestHttpResponse {
  return {
    status,
    headers: { 'request-id': `req_${Math.random().toString(36).slice(2, 12)}`, ...extra.headers },
    body: {
      error: {
        type: extra.type ?? (status >= 500 ? 'api_error' : 'invalid_request_error'),
        message,
        ...(extra.code ? { code: extra.code } : {}),
        ...(extra.param ? { param: extra.param } : {}),
        ...(extra.code ? { doc_url: `https://stripe.com/docs/error-codes/${extra.code.replace(/_/g, '-')}` } : {}),
      },
    },
  };
}

/** Stripe's 429 when the request rate is over the account's limit. */
export function stripeRateLimited(limitPerSecond: number): TestHttpResponse {
  return stripeError(429, `Request rate limit exceeded. You can make up to ${limitPerSecond} requests per second. Learn more about rate limits here https://stripe.com/docs/rate-limits.`, {
    code: 'rate_limit',
  });
}

/** Stripe's 429 for a lock timeout on an object, which it asks clients to retry. */
export function stripeLockTimeout(): TestHttpResponse {
  return stripeError(429, 'This object cannot be accessed right now because another API request or Stripe process is currently accessing it.', {
    code: 'lock_timeout',
    headers: { 'stripe-should-retry': 'true' },
  });
}

/** Faults shaped like Stripe's own, for `injectFaults({ faults })`. */
export const stripeFaults = {
  /** A 500 `api_error`. */
  apiError: { kind: 'respond', name: '500', response: () => stripeError(500, 'An unknown error occurred') },
  /** A 503 with `Stripe-Should-Retry: true`. */
  unavailable: { kind: 'respond', name: '503', response: () => stripeError(503, 'Service temporarily unavailable', { headers: { 'stripe-should-retry': 'true' } }) },
  /** A rate-limit 429 (for bursts: `injectFaults({ burst: 5, faults: [stripeFaults.rateLimited] })`). */
  rateLimited: { kind: 'respond', name: '429', response: () => stripeRateLimited(25) },
  /** A lock-timeout 429. */
  lockTimeout: { kind: 'respond', name: 'lock_timeout', response: () => stripeLockTimeout() },
} as const;

/** `sk_test_****abcd`: how Stripe shows a key in error messages. */
export function maskKey(key: string): string {
  const prefix = /^[a-z]{2}_(test|live)_/.exec(key)?.[0] ?? '';
  return `${prefix}****${key.slice(-4)}`;
}
