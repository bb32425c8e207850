import { AbortedError, TransientError, type CallContext } from '@sqlflow/core';
import { TimeoutPolicy } from '@sqlflow/resilience';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

/** A call that never settles on its own, like a hung socket; it records its signal. */
function hanging(): { fn: (context: CallContext) => Promise<never>; signals: AbortSignal[] } {
  const signals: AbortSignal[] = [];
  return { signals, fn: ({ signal }) => (signals.push(signal), new Promise<never>(() => undefined)) };
}

describe('TimeoutPolicy', () => {
  it('fails a call that takes too long with a retryable TransientError and aborts its signal', async () => {
    const policy = new TimeoutPolicy(2000, 'Shopify API');
    const call = hanging();
    const result = policy.execute(call.fn);
    const assertion = expect(result).rejects.toBeInstanceOf(TransientError);

    await jest.advanceTimersByTimeAsync(1999);
    expect(call.signals[0].aborted).toBe(false);
    await jest.advanceTimersByTimeAsync(1);

    await assertion;
    const error = (await result.catch((e: unknown) => e)) as TransientError;
    expect(error.retryable).toBe(true);
    expect(error.message).toBe(
      'A call to Shopify API did not finish within 2s and was cancelled; it will be retried if attempts remain. ' +
        'Raise timeoutMs if such calls are legitimately slow.',
    );
    expect(error.details).toEqual({ timeoutMs: 2000 });
    expect(call.signals[0].aborted).toBe(true);
  });

  it('lets a fast call through and leaves its signal usable afterwards (a returned body stays readable)', async () => {
    let seen: AbortSignal | undefined;
    await expect(new TimeoutPolicy(1000).execute(({ signal }) => ((seen = signal), 42))).resolves.toBe(42);
    await jest.advanceTimersByTimeAsync(5000);
    expect(seen?.aborted).toBe(false);
  });

  it("reports the caller's abort as AbortedError, immediately", async () => {
    const controller = new AbortController();
    const call = hanging();
    const result = new TimeoutPolicy(60_000).execute(call.fn, controller.signal);
    const assertion = expect(result).rejects.toBeInstanceOf(AbortedError);
    await jest.advanceTimersByTimeAsync(10);
    controller.abort();
    await assertion;
    expect(call.signals[0].aborted).toBe(true);
  });
});
