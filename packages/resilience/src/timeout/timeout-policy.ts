import { TransientError, type CallContext, type CallPolicy } from '@sqlflow/core';
import { TimeoutStrategy, timeout, type TimeoutPolicy as CockatielTimeout } from 'cockatiel';
import { formatDuration } from '../retry/describe';
import { asAborted } from '../retry/retry-policy';

/**
 * Gives each call `ms` milliseconds (cockatiel's aggressive timeout): when time is up the
 * call's signal aborts and the caller gets a retryable `TransientError` at once, whether or
 * not the call honours its signal. A caller's abort becomes `AbortedError` instead. The signal
 * is left alone once the call returns, so read a response body inside the call to have the
 * timeout cover it.
 */
export class TimeoutPolicy implements CallPolicy {
  private readonly policy: CockatielTimeout;

  constructor(
    private readonly ms: number,
    private readonly name = 'the service',
  ) {
    // abortOnReturn false: a returned stream (a fetch Response body) stays readable after the call.
    this.policy = timeout(ms, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false });
  }

  /** Runs `fn` with a signal that aborts after the timeout; `context.attempt` is always 0 here. */
  async execute<T>(fn: (context: CallContext) => PromiseLike<T> | T, signal?: AbortSignal): Promise<T> {
    try {
      return await this.policy.execute(({ signal: callSignal }) => fn({ signal: callSignal, attempt: 0 }), signal);
    } catch (error) {
      if (signal?.aborted) throw asAborted(error, signal);
      if (isTimeoutError(error)) {
        throw new TransientError(
          `A call to ${this.name} did not finish within ${formatDuration(this.ms)} and was cancelled; ` +
            'it will be retried if attempts remain. Raise timeoutMs if such calls are legitimately slow.',
          { cause: error, details: { timeoutMs: this.ms } },
        );
      }
      throw error;
    }
  }
}

/** Cockatiel's `TaskCancelledError`; its own `isTaskCancelledError` guard (3.2.1) tests the wrong brand. */
function isTimeoutError(error: unknown): boolean {
  return error instanceof Error && 'isTaskCancelledError' in error;
}
