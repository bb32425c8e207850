import { systemClock, type CallPolicy } from '@sqlflow/core';
import { CircuitBreaker, type CircuitStateName } from '../breaker/circuit-breaker';
import type { TokenBucket } from '../rate-limit/token-bucket';
import { rateLimitPolicy } from '../rate-limit/rate-limit-policy';
import { RetryPolicy, type RetryOptions } from '../retry/retry-policy';
import { TimeoutPolicy } from '../timeout/timeout-policy';
import { wrapPolicies } from './wrap-policies';

/**
 * Everything `createPolicy` composes, flat so presets and overrides merge simply. Retry is
 * always on (`maxAttempts: 1` turns it off); the timeout, the circuit breaker and the rate
 * limit are on when `timeoutMs`, `consecutiveFailures` and `rateLimiter` are set.
 */
export interface PolicyOptions extends RetryOptions {
  /** Time limit of each attempt, in ms; 0 or absent means none. */
  readonly timeoutMs?: number;
  /** Consecutive failed calls (after their retries) that open the circuit; 0 or absent means no breaker. */
  readonly consecutiveFailures?: number;
  /** How long an open circuit waits before one probe call, in ms. */
  readonly halfOpenAfterMs?: number;
  /** A token bucket each attempt takes a token from; share one per API budget. */
  readonly rateLimiter?: TokenBucket;
  /** Called when the circuit changes state. */
  readonly onCircuitStateChange?: (state: CircuitStateName) => void;
}

/** A composed policy; `circuit` exposes the breaker (for health reports) when there is one. */
export interface ResiliencePolicy extends CallPolicy {
  readonly circuit: CircuitBreaker | undefined;
}

/**
 * Builds one `CallPolicy` from options, later arguments overriding earlier ones:
 * `createPolicy(httpApiPreset, { rateLimiter, onRetry })` (`undefined` never overrides; 0 switches a layer off). Each call runs through
 * circuit breaker -> retry -> (rate-limit token -> timeout) per attempt, so every attempt,
 * retries included, spends a token and gets the full time limit. A server-requested wait
 * also pauses the shared `rateLimiter`, so other sessions on the same budget hold off too.
 *
 * @example
 * const policy = createPolicy(httpApiPreset, { name: 'Shopify API', onRetry: (e) => logger.warn(formatRetry(e)) });
 * const page = await policy.execute(({ signal }) => fetch(url, { signal }), signal);
 */
export function createPolicy(...layers: readonly PolicyOptions[]): ResiliencePolicy {
  const options = mergeOptions(layers);
  const clock = options.clock ?? systemClock;
  const { rateLimiter, name } = options;

  const circuit = options.consecutiveFailures
    ? new CircuitBreaker({
        consecutiveFailures: options.consecutiveFailures,
        halfOpenAfterMs: options.halfOpenAfterMs,
        name,
        onStateChange: options.onCircuitStateChange,
      })
    : undefined;

  const retry = new RetryPolicy({
    maxAttempts: options.maxAttempts,
    initialDelayMs: options.initialDelayMs,
    maxDelayMs: options.maxDelayMs,
    maxRetryAfterMs: options.maxRetryAfterMs,
    shouldRetry: options.shouldRetry,
    random: options.random,
    clock,
    name,
    onRetry: (event) => {
      if (event.retryAfter && rateLimiter) rateLimiter.pauseUntil(clock.now() + event.delayMs);
      options.onRetry?.(event);
    },
  });

  const layersInOrder: CallPolicy[] = [];
  if (circuit) layersInOrder.push(circuit);
  layersInOrder.push(retry);
  if (rateLimiter) layersInOrder.push(rateLimitPolicy(rateLimiter));
  if (options.timeoutMs) layersInOrder.push(new TimeoutPolicy(options.timeoutMs, name));

  const composed = wrapPolicies(...layersInOrder);
  return { circuit, execute: (fn, signal) => composed.execute(fn, signal) };
}

/** Later layers win; a property set to `undefined` does not override (use 0 to switch a layer off). */
function mergeOptions(layers: readonly PolicyOptions[]): PolicyOptions {
  const merged: Record<string, unknown> = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer)) if (value !== undefined) merged[key] = value;
  }
  return merged as PolicyOptions;
}
