import {
  AbortedError,
  RateLimitError,
  isSqlflowError,
  sleep,
  systemClock,
  throwIfAborted,
  type CallContext,
  type CallPolicy,
  type Clock,
} from '@sqlflow/core';
import { isTransient } from '../classify/is-transient';
import { retryAfterMs } from '../classify/retry-after';
import { formatDuration } from './describe';
import { fullJitterDelay } from './full-jitter';

/** What `onRetry` hooks receive before each wait. */
export interface RetryEvent {
  /** The attempt about to run (1 = first retry), equal to the `attempt` its call will see. */
  readonly attempt: number;
  /** Total attempts allowed, the first included. */
  readonly maxAttempts: number;
  /** How long the policy waits before that attempt, in ms. */
  readonly delayMs: number;
  /** The failure that caused the retry. */
  readonly error: unknown;
  /** True when the wait is what the server asked for (Retry-After), not backoff. */
  readonly retryAfter: boolean;
}

/** Settings of a retry policy; every field has a default. */
export interface RetryOptions {
  /** Total attempts, the first included (default 5). 1 disables retries. */
  readonly maxAttempts?: number;
  /** Cap of the first retry's jitter window, in ms (default 200). */
  readonly initialDelayMs?: number;
  /** Largest jitter window, in ms (default 30 000). */
  readonly maxDelayMs?: number;
  /** Longest server-requested wait we accept, in ms (default 60 000); beyond it we fail fast. */
  readonly maxRetryAfterMs?: number;
  /** Which failures to retry (default `isTransient`). */
  readonly shouldRetry?: (error: unknown) => boolean;
  /** Randomness in [0, 1) for jitter (default `Math.random`). */
  readonly random?: () => number;
  /** "Now" for HTTP-date Retry-After values (default the system clock). */
  readonly clock?: Clock;
  /** Called before each wait, e.g. to log `formatRetry(event)`. */
  readonly onRetry?: (event: RetryEvent) => void;
  /** Names the protected service in error messages (default "the service"). */
  readonly name?: string;
}

/** The defaults `RetryPolicy` applies. */
export const RETRY_DEFAULTS = {
  maxAttempts: 5,
  initialDelayMs: 200,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 60_000,
} as const;

const NEVER_ABORTED = new AbortController().signal;

/**
 * Retries a call with exponential backoff and full jitter, waiting exactly as long as the
 * server asked when the error carries a retry-after (`Retry-After`, `RateLimitError`), and
 * failing fast with a `RateLimitError` when that wait exceeds `maxRetryAfterMs`. Aborting the
 * signal stops a wait at once with `AbortedError`. After the last attempt the last error is
 * thrown unchanged.
 *
 * Cockatiel 3's own retry cannot interrupt its backoff delay when the signal aborts, so the
 * loop lives here; breaker and timeout are cockatiel's.
 */
export class RetryPolicy implements CallPolicy {
  private readonly maxAttempts: number;
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxRetryAfterMs: number;

  constructor(private readonly options: RetryOptions = {}) {
    this.maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? RETRY_DEFAULTS.maxAttempts));
    this.initialDelayMs = options.initialDelayMs ?? RETRY_DEFAULTS.initialDelayMs;
    this.maxDelayMs = options.maxDelayMs ?? RETRY_DEFAULTS.maxDelayMs;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? RETRY_DEFAULTS.maxRetryAfterMs;
  }

  /** Runs `fn`, retrying transient failures; `context.attempt` counts from 0. */
  async execute<T>(fn: (context: CallContext) => PromiseLike<T> | T, signal?: AbortSignal): Promise<T> {
    const callSignal = signal ?? NEVER_ABORTED;
    for (let attempt = 0; ; attempt++) {
      throwIfAborted(signal);
      try {
        return await fn({ signal: callSignal, attempt });
      } catch (error) {
        if (signal?.aborted) throw asAborted(error, signal);
        const shouldRetry = this.options.shouldRetry ?? isTransient;
        if (attempt + 1 >= this.maxAttempts || !shouldRetry(error)) throw error;
        const { delayMs, retryAfter } = this.delayFor(error, attempt);
        this.options.onRetry?.({ attempt: attempt + 1, maxAttempts: this.maxAttempts, delayMs, error, retryAfter });
        await sleep(delayMs, signal);
      }
    }
  }

  private delayFor(error: unknown, attempt: number): { delayMs: number; retryAfter: boolean } {
    const asked = retryAfterMs(error, (this.options.clock ?? systemClock).now());
    if (asked === undefined) {
      const delayMs = fullJitterDelay(attempt, {
        initialDelayMs: this.initialDelayMs,
        maxDelayMs: this.maxDelayMs,
        random: this.options.random,
      });
      return { delayMs, retryAfter: false };
    }
    if (asked > this.maxRetryAfterMs) {
      const who = this.options.name ?? 'the service';
      throw new RateLimitError(
        `${who} asked us to retry after ${formatDuration(asked)}, longer than maxRetryAfterMs (${formatDuration(this.maxRetryAfterMs)}); ` +
          'giving up now instead of waiting. Run again later, or raise maxRetryAfterMs if waiting that long is acceptable.',
        { cause: error, retryAfterMs: asked, details: { retryAfterMs: asked, maxRetryAfterMs: this.maxRetryAfterMs, attempt } },
      );
    }
    return { delayMs: asked, retryAfter: true };
  }
}

/** The error to throw when the caller aborted: the call's own AbortedError, or a new one around it. */
export function asAborted(error: unknown, signal: AbortSignal): AbortedError {
  if (isSqlflowError(error) && error.code === 'ABORTED') return error as AbortedError;
  return new AbortedError('The call was aborted by its caller', { cause: error ?? signal.reason });
}
