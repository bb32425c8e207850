import type { PolicyOptions } from './create-policy';

/**
 * For database calls (connect, run a query, fetch a cursor page): 5 attempts, jitter windows
 * 250 ms doubling to 10 s, 2 min per attempt, circuit opens after 5 failed calls and probes
 * after 30 s.
 */
export const databasePreset: PolicyOptions = Object.freeze({
  maxAttempts: 5,
  initialDelayMs: 250,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 30_000,
  timeoutMs: 120_000,
  consecutiveFailures: 5,
  halfOpenAfterMs: 30_000,
});

/**
 * For HTTP API calls (one page fetch): 6 attempts, jitter windows 500 ms doubling to 30 s,
 * Retry-After honoured up to 2 min, 30 s per attempt, circuit opens after 5 failed calls and
 * probes after 60 s. Add a shared `rateLimiter` for the API's budget.
 */
export const httpApiPreset: PolicyOptions = Object.freeze({
  maxAttempts: 6,
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
  timeoutMs: 30_000,
  consecutiveFailures: 5,
  halfOpenAfterMs: 60_000,
});

/**
 * For file and object-store calls (open, stat, get an object): 3 attempts, jitter windows
 * 100 ms doubling to 2 s, Retry-After honoured up to 10 s, 60 s per attempt, no circuit breaker.
 */
export const filePreset: PolicyOptions = Object.freeze({
  maxAttempts: 3,
  initialDelayMs: 100,
  maxDelayMs: 2_000,
  maxRetryAfterMs: 10_000,
  timeoutMs: 60_000,
});
