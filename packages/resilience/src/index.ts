// @sqlflow/resilience: resilience policies for SQLFlow connectors on cockatiel: retry with full
// jitter and Retry-After, circuit breaker, timeouts, token-bucket rate limits, presets.

// Classifiers
export { isTransient, isTransientSqlState, TRANSIENT_NETWORK_CODES, TRANSIENT_HTTP_STATUSES } from './classify/is-transient';
export { isThrottled, THROTTLING_CODES } from './classify/is-throttled';
export { parseRetryAfter, retryAfterMs } from './classify/retry-after';

// Policies
export { RetryPolicy, RETRY_DEFAULTS } from './retry/retry-policy';
export type { RetryOptions, RetryEvent } from './retry/retry-policy';
export { fullJitterDelay } from './retry/full-jitter';
export type { BackoffOptions } from './retry/full-jitter';
export { formatRetry, formatDuration, describeError } from './retry/describe';
export { CircuitBreaker, CIRCUIT_BREAKER_DEFAULTS, isCircuitOpenError } from './breaker/circuit-breaker';
export type { CircuitBreakerOptions, CircuitStateName } from './breaker/circuit-breaker';
export { TimeoutPolicy } from './timeout/timeout-policy';
export { TokenBucket } from './rate-limit/token-bucket';
export type { TokenBucketOptions, RateLimitHeaders } from './rate-limit/token-bucket';
export { rateLimitPolicy } from './rate-limit/rate-limit-policy';

// Composition
export { createPolicy } from './compose/create-policy';
export type { PolicyOptions, ResiliencePolicy } from './compose/create-policy';
export { wrapPolicies } from './compose/wrap-policies';
export { databasePreset, httpApiPreset, filePreset } from './compose/presets';
