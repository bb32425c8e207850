import { TransientError, isSqlflowError, type CallContext, type CallPolicy } from '@sqlflow/core';
import {
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
  isBrokenCircuitError,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import { isThrottled } from '../classify/is-throttled';
import { isTransient } from '../classify/is-transient';
import { describeError, formatDuration } from '../retry/describe';

/** The state of a circuit: `closed` (calls flow), `open` (calls fail fast), `half-open` (one probe runs). */
export type CircuitStateName = 'closed' | 'open' | 'half-open';

/** Settings of a circuit breaker; every field has a default. */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit (default 5). */
  readonly consecutiveFailures?: number;
  /** How long the circuit stays open before one probe call may run, in ms (default 30 000). */
  readonly halfOpenAfterMs?: number;
  /** Which failures count (default: transient but not throttling; a 429 says the server is up). */
  readonly isFailure?: (error: unknown) => boolean;
  /** Names the protected service in error messages (default "the service"). */
  readonly name?: string;
  /** Called on every state change. */
  readonly onStateChange?: (state: CircuitStateName) => void;
}

/** The defaults `CircuitBreaker` applies. */
export const CIRCUIT_BREAKER_DEFAULTS = { consecutiveFailures: 5, halfOpenAfterMs: 30_000 } as const;

const STATE_NAMES: Record<CircuitState, CircuitStateName> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'open',
};

function countsAsFailure(error: unknown): boolean {
  return isTransient(error) && !isThrottled(error);
}

/**
 * A consecutive-failures circuit breaker on cockatiel's. After `consecutiveFailures` failures
 * in a row it opens: calls fail fast with a `TransientError` (retryable false, details
 * `{ circuit: 'open', probeAtMs, retryAfterMs }`) that says when the next probe may run.
 * After `halfOpenAfterMs` one call probes; success closes the circuit, failure reopens it.
 * Share one instance across the calls to one service.
 */
export class CircuitBreaker implements CallPolicy {
  private readonly policy: CircuitBreakerPolicy;
  private readonly halfOpenAfterMs: number;
  private readonly threshold: number;
  private openedAtMs = 0;

  constructor(private readonly options: CircuitBreakerOptions = {}) {
    this.threshold = options.consecutiveFailures ?? CIRCUIT_BREAKER_DEFAULTS.consecutiveFailures;
    this.halfOpenAfterMs = options.halfOpenAfterMs ?? CIRCUIT_BREAKER_DEFAULTS.halfOpenAfterMs;
    const isFailure = options.isFailure ?? countsAsFailure;
    this.policy = circuitBreaker(
      handleWhen((error) => isFailure(error)),
      { halfOpenAfter: this.halfOpenAfterMs, breaker: new ConsecutiveBreaker(this.threshold) },
    );
    this.policy.onBreak(() => {
      this.openedAtMs = Date.now();
    });
    this.policy.onStateChange((state) => options.onStateChange?.(STATE_NAMES[state]));
  }

  /** The circuit's current state. */
  get state(): CircuitStateName {
    return STATE_NAMES[this.policy.state];
  }

  /** Runs `fn` unless the circuit is open; `context.attempt` is always 0 here. */
  async execute<T>(fn: (context: CallContext) => PromiseLike<T> | T, signal?: AbortSignal): Promise<T> {
    try {
      return await this.policy.execute(({ signal: callSignal }) => fn({ signal: callSignal, attempt: 0 }), signal);
    } catch (error) {
      if (isBrokenCircuitError(error)) throw this.openError(error);
      throw error;
    }
  }

  private openError(brokenError: unknown): TransientError {
    const who = this.options.name ?? 'the service';
    const probeAtMs = this.openedAtMs + this.halfOpenAfterMs;
    const retryAfterMs = Math.max(0, probeAtMs - Date.now());
    const last = this.policy.lastFailure;
    const lastError = last && 'error' in last ? last.error : brokenError;
    return new TransientError(
      `The circuit breaker for ${who} is open after ${this.threshold} consecutive failures (last: ${describeError(lastError)}); ` +
        `calls fail fast until a probe at ${new Date(probeAtMs).toISOString()} (in ${formatDuration(retryAfterMs)}). ` +
        `Check that ${who} is reachable and healthy.`,
      { cause: lastError, retryable: false, details: { circuit: 'open', probeAtMs, retryAfterMs } },
    );
  }
}

/** True when `error` is the fail-fast error of an open circuit. */
export function isCircuitOpenError(error: unknown): boolean {
  return isSqlflowError(error) && error.details.circuit === 'open';
}
