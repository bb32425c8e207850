import type { CallContext, CallPolicy } from '@sqlflow/core';

/**
 * Nests policies, outermost first (like cockatiel's `wrap`): `wrapPolicies(breaker, retry, timeout)`
 * runs each call through breaker, then retry, then timeout. The call sees the innermost
 * signal and the highest `attempt` any layer reports (only retrying layers count).
 */
export function wrapPolicies(...policies: readonly CallPolicy[]): CallPolicy {
  return policies.reduceRight<CallPolicy>((inner, outer) => ({
    execute<T>(fn: (context: CallContext) => PromiseLike<T> | T, signal?: AbortSignal): Promise<T> {
      return outer.execute(
        (o) => inner.execute((i) => fn({ signal: i.signal, attempt: Math.max(o.attempt, i.attempt) }), o.signal),
        signal,
      );
    },
  }), IDENTITY);
}

const NEVER_ABORTED = new AbortController().signal;

const IDENTITY: CallPolicy = {
  execute: async (fn, signal) => fn({ signal: signal ?? NEVER_ABORTED, attempt: 0 }),
};
