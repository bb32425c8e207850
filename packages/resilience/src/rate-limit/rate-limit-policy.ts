import type { CallContext, CallPolicy } from '@sqlflow/core';
import type { TokenBucket } from './token-bucket';

const NEVER_ABORTED = new AbortController().signal;

/**
 * A policy that takes a token from `bucket` before each call, so rate limiting composes with
 * the other policies. The bucket is the caller's: share it to share the budget.
 */
export function rateLimitPolicy(bucket: TokenBucket): CallPolicy {
  return {
    async execute<T>(fn: (context: CallContext) => PromiseLike<T> | T, signal?: AbortSignal): Promise<T> {
      await bucket.acquire(signal);
      return fn({ signal: signal ?? NEVER_ABORTED, attempt: 0 });
    },
  };
}
