import { AbortedError, AuthError, RateLimitError, TransientError, type CallContext } from '@sqlflow/core';
import { RetryPolicy, formatRetry, fullJitterDelay, type RetryEvent } from '@sqlflow/resilience';
import { T0, useFakeClock, http } from './support';


/** A call that fails with the given errors in turn, then succeeds; it records when each attempt ran. */
function scripted(errors: unknown[]): { fn: (context: CallContext) => Promise<string>; startedAt: number[]; attempts: number[] } {
  const startedAt: number[] = [];
  const attempts: number[] = [];
  const fn = async (context: CallContext): Promise<string> => {
    startedAt.push(Date.now() - T0);
    attempts.push(context.attempt);
    const error = errors.shift();
    if (error !== undefined) throw error;
    return 'ok';
  };
  return { fn, startedAt, attempts };
}

useFakeClock();

describe('fullJitterDelay', () => {
  it('draws from a window that doubles up to the cap', () => {
    const options = { initialDelayMs: 100, maxDelayMs: 1000, random: () => 0.5 };
    expect([0, 1, 2, 3, 4, 5].map((i) => fullJitterDelay(i, options))).toEqual([50, 100, 200, 400, 500, 500]);
    expect(fullJitterDelay(3, { ...options, random: () => 0 })).toBe(0);
    expect(fullJitterDelay(3, { ...options, random: () => 0.999 })).toBe(799);
  });
});

describe('RetryPolicy', () => {
  it('retries transient failures with full-jitter delays', async () => {
    const events: RetryEvent[] = [];
    const policy = new RetryPolicy({ maxAttempts: 4, initialDelayMs: 100, maxDelayMs: 10_000, random: () => 0.5, onRetry: (e) => events.push(e) });
    const call = scripted([http(503), http(502), new TransientError('dropped')]);

    const result = policy.execute(call.fn);
    await jest.advanceTimersByTimeAsync(349);
    expect(call.startedAt).toEqual([0, 50, 150]);
    await jest.advanceTimersByTimeAsync(1);

    await expect(result).resolves.toBe('ok');
    expect(call.startedAt).toEqual([0, 50, 150, 350]);
    expect(call.attempts).toEqual([0, 1, 2, 3]);
    expect(events.map((e) => [e.attempt, e.delayMs, e.retryAfter])).toEqual([
      [1, 50, false],
      [2, 100, false],
      [3, 200, false],
    ]);
    expect(formatRetry(events[0])).toBe('retry 1/3 in 50ms after HTTP 503');
  });

  it('waits exactly the Retry-After seconds instead of backing off', async () => {
    const events: RetryEvent[] = [];
    const policy = new RetryPolicy({ random: () => 0.5, onRetry: (e) => events.push(e) });
    const call = scripted([http(429, { 'Retry-After': '3' })]);

    const result = policy.execute(call.fn);
    await jest.advanceTimersByTimeAsync(2999);
    expect(call.startedAt).toEqual([0]);
    await jest.advanceTimersByTimeAsync(1);

    await expect(result).resolves.toBe('ok');
    expect(call.startedAt).toEqual([0, 3000]);
    expect(formatRetry(events[0])).toBe('retry 1/4 in 3s (as the server asked) after HTTP 429');
  });

  it('waits until a Retry-After HTTP date', async () => {
    const policy = new RetryPolicy({ random: () => 0.5 });
    const call = scripted([http(503, { 'Retry-After': 'Wed, 01 May 2024 12:00:45 GMT' })]);

    const result = policy.execute(call.fn);
    await jest.advanceTimersByTimeAsync(45_000);

    await expect(result).resolves.toBe('ok');
    expect(call.startedAt).toEqual([0, 45_000]);
  });

  it("honours a RateLimitError's retryAfterMs found under a wrapper", async () => {
    const policy = new RetryPolicy({ random: () => 0.5 });
    const call = scripted([new Error('page 4', { cause: new RateLimitError('slow down', { retryAfterMs: 1234 }) })]);

    const result = policy.execute(call.fn);
    await jest.advanceTimersByTimeAsync(1234);

    await expect(result).resolves.toBe('ok');
    expect(call.startedAt).toEqual([0, 1234]);
  });

  it('fails fast with an explanation when the server asks for more than maxRetryAfterMs', async () => {
    const policy = new RetryPolicy({ maxRetryAfterMs: 60_000, name: 'Stripe API' });
    const original = http(429, { 'Retry-After': '3600' });
    const call = scripted([original]);

    const error: unknown = await policy.execute(call.fn).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ retryAfterMs: 3_600_000, cause: original });
    expect((error as Error).message).toBe(
      'Stripe API asked us to retry after 60m, longer than maxRetryAfterMs (1m); giving up now instead of waiting. ' +
        'Run again later, or raise maxRetryAfterMs if waiting that long is acceptable.',
    );
    expect(call.startedAt).toEqual([0]);
  });

  it('does not retry permanent failures', async () => {
    const policy = new RetryPolicy();
    for (const permanent of [new AuthError('bad key'), http(400), http(404), new Error('boom')]) {
      const call = scripted([permanent]);
      await expect(policy.execute(call.fn)).rejects.toBe(permanent);
      expect(call.startedAt).toEqual([0]);
    }
  });

  it('gives up after maxAttempts with the last error', async () => {
    const policy = new RetryPolicy({ maxAttempts: 3, initialDelayMs: 100, random: () => 1 - Number.EPSILON });
    const last = http(503);
    const call = scripted([http(500), http(502), last]);

    const result = policy.execute(call.fn);
    const assertion = expect(result).rejects.toBe(last);
    await jest.advanceTimersByTimeAsync(300);
    await assertion;

    expect(call.startedAt).toEqual([0, 99, 298]);
  });

  it('uses a custom shouldRetry', async () => {
    const policy = new RetryPolicy({ shouldRetry: (e) => e instanceof SyntaxError, random: () => 0 });
    const call = scripted([new SyntaxError('truncated page')]);
    const result = policy.execute(call.fn);
    await jest.advanceTimersByTimeAsync(0);
    await expect(result).resolves.toBe('ok');
    expect(call.attempts).toEqual([0, 1]);
  });

  it('stops waiting at once when the signal aborts during backoff', async () => {
    const policy = new RetryPolicy({ initialDelayMs: 10_000, random: () => 0.5 });
    const controller = new AbortController();
    const call = scripted([http(503)]);

    const result = policy.execute(call.fn, controller.signal);
    const assertion = expect(result).rejects.toBeInstanceOf(AbortedError);
    await jest.advanceTimersByTimeAsync(1000);
    controller.abort(new Error('user pressed Ctrl-C'));
    await assertion;

    expect(jest.getTimerCount()).toBe(0);
    expect(call.startedAt).toEqual([0]);
  });

  it('turns a failure caused by the caller aborting into AbortedError, without retrying', async () => {
    const policy = new RetryPolicy();
    const controller = new AbortController();
    const fn = jest.fn(async ({ signal }: CallContext) => {
      controller.abort();
      throw signal.reason;
    });
    const error: unknown = await policy.execute(fn, controller.signal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortedError);
    expect(fn).toHaveBeenCalledTimes(1);
    await expect(policy.execute(fn, controller.signal)).rejects.toBeInstanceOf(AbortedError);
    expect(fn).toHaveBeenCalledTimes(1);
  });
});
