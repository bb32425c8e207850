import { AbortedError, TransientError, createContext, type CallContext, type CallPolicy } from '@sqlflow/core';
import {
  TokenBucket,
  createPolicy,
  databasePreset,
  filePreset,
  formatRetry,
  httpApiPreset,
  isCircuitOpenError,
  type RetryEvent,
} from '@sqlflow/resilience';
import { T0, useFakeClock, http } from './support';

useFakeClock();

describe('createPolicy', () => {
  it('is a CallPolicy that a connector context carries', async () => {
    const policy: CallPolicy = createPolicy(httpApiPreset);
    const context = createContext({ policy });
    await expect(context.policy.execute(({ attempt }) => `attempt ${attempt}`)).resolves.toBe('attempt 0');
  });

  it('times out each attempt and retries it with backoff', async () => {
    const lines: string[] = [];
    const policy = createPolicy({
      name: 'Stripe API',
      maxAttempts: 3,
      initialDelayMs: 1000,
      random: () => 0.5,
      timeoutMs: 2000,
      onRetry: (e) => lines.push(formatRetry(e)),
    });
    const seen: Array<[number, number]> = [];
    const fn = ({ attempt }: CallContext): Promise<string> => {
      seen.push([attempt, Date.now() - T0]);
      return attempt < 2 ? new Promise<never>(() => undefined) : Promise.resolve('page');
    };

    const result = policy.execute(fn);
    await jest.advanceTimersByTimeAsync(2000 + 500 + 2000 + 1000);

    await expect(result).resolves.toBe('page');
    expect(seen).toEqual([
      [0, 0],
      [1, 2500],
      [2, 5500],
    ]);
    expect(lines).toEqual([
      'retry 1/2 in 500ms after a 2s timeout',
      'retry 2/2 in 1s after a 2s timeout',
    ]);
  });

  it('counts one failure per call whose retries are exhausted, then opens the circuit', async () => {
    const policy = createPolicy({ maxAttempts: 2, initialDelayMs: 100, random: () => 0, consecutiveFailures: 2, halfOpenAfterMs: 10_000 });
    const fn = jest.fn(() => Promise.reject(http(503)));

    for (let i = 0; i < 2; i++) {
      const result = policy.execute(fn);
      const assertion = expect(result).rejects.toMatchObject({ status: 503 });
      await jest.advanceTimersByTimeAsync(0);
      await assertion;
    }
    expect(fn).toHaveBeenCalledTimes(4);
    expect(policy.circuit?.state).toBe('open');

    const error: unknown = await policy.execute(fn).catch((e: unknown) => e);
    expect(isCircuitOpenError(error)).toBe(true);
    expect(fn).toHaveBeenCalledTimes(4);

    jest.advanceTimersByTime(10_000);
    await expect(policy.execute(() => 'healthy again')).resolves.toBe('healthy again');
    expect(policy.circuit?.state).toBe('closed');
  });

  it('takes a token per attempt, and a Retry-After pauses everyone sharing the bucket', async () => {
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 2 });
    const a = createPolicy({ rateLimiter: bucket, random: () => 0 });
    const b = createPolicy({ rateLimiter: bucket });
    const ranAt: string[] = [];
    let failures = 1;
    const fromA = a.execute(() => {
      ranAt.push(`a@${Date.now() - T0}`);
      if (failures-- > 0) throw http(429, { 'Retry-After': '2' });
      return 'a';
    });
    await jest.advanceTimersByTimeAsync(0);
    const fromB = b.execute(() => {
      ranAt.push(`b@${Date.now() - T0}`);
      return 'b';
    });

    await jest.advanceTimersByTimeAsync(2100);
    await expect(Promise.all([fromA, fromB])).resolves.toEqual(['a', 'b']);
    // b queued first, so it gets the token when the pause ends; a's retry waits its turn.
    expect(ranAt).toEqual(['a@0', 'b@2000', 'a@2100']);
  });

  it('stops a rate-limit wait at once when aborted', async () => {
    const bucket = new TokenBucket({ ratePerSecond: 0.1, burst: 1 });
    bucket.tryAcquire();
    const controller = new AbortController();
    const fn = jest.fn(() => 'never');
    const result = createPolicy(httpApiPreset, { rateLimiter: bucket }).execute(fn, controller.signal);
    const assertion = expect(result).rejects.toBeInstanceOf(AbortedError);
    await jest.advanceTimersByTimeAsync(1000);
    controller.abort();
    await assertion;
    expect(fn).not.toHaveBeenCalled();
  });

  it('merges presets with overrides; undefined does not override and 0 switches a layer off', async () => {
    const policy = createPolicy(databasePreset, { timeoutMs: undefined, consecutiveFailures: 0 });
    expect(policy.circuit).toBeUndefined();
    const result = policy.execute(() => new Promise<never>(() => undefined));
    const assertion = expect(result).rejects.toBeInstanceOf(TransientError);
    await jest.advanceTimersByTimeAsync(5 * 120_000 + 4 * 10_000);
    await assertion;
  });

  it('ships presets with the documented numbers', () => {
    expect(databasePreset).toEqual({ maxAttempts: 5, initialDelayMs: 250, maxDelayMs: 10_000, maxRetryAfterMs: 30_000, timeoutMs: 120_000, consecutiveFailures: 5, halfOpenAfterMs: 30_000 });
    expect(httpApiPreset).toEqual({ maxAttempts: 6, initialDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 120_000, timeoutMs: 30_000, consecutiveFailures: 5, halfOpenAfterMs: 60_000 });
    expect(filePreset).toEqual({ maxAttempts: 3, initialDelayMs: 100, maxDelayMs: 2_000, maxRetryAfterMs: 10_000, timeoutMs: 60_000 });
    expect(Object.isFrozen(httpApiPreset)).toBe(true);
  });

  it('reports each retry to onRetry with the attempt the call will see', async () => {
    const events: RetryEvent[] = [];
    const attempts: number[] = [];
    const policy = createPolicy(filePreset, { random: () => 0.5, onRetry: (e) => events.push(e) });
    const result = policy.execute(({ attempt }) => {
      attempts.push(attempt);
      if (attempt < 2) throw Object.assign(new Error('EBUSY: resource busy'), { code: 'EBUSY' });
      return 'read';
    });
    await jest.advanceTimersByTimeAsync(150);
    await expect(result).resolves.toBe('read');
    expect(attempts).toEqual([0, 1, 2]);
    expect(events.map((e) => [e.attempt, e.maxAttempts, e.delayMs])).toEqual([
      [1, 3, 50],
      [2, 3, 100],
    ]);
    expect(formatRetry(events[1])).toBe('retry 2/2 in 100ms after EBUSY');
  });
});
