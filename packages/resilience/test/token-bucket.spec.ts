import { AbortedError, ConfigError, RateLimitError } from '@sqlflow/core';
import { TokenBucket, rateLimitPolicy } from '@sqlflow/resilience';
import { T0, useFakeClock } from './support';


useFakeClock();

/** Starts `n` acquisitions and records, relative to T0, when each one got its token. */
function acquireMany(bucket: TokenBucket, n: number, signal?: AbortSignal): { grantedAt: number[]; all: Promise<void[]> } {
  const grantedAt: number[] = [];
  const all = Promise.all(
    Array.from({ length: n }, (_, i) =>
      bucket.acquire(signal).then(() => {
        grantedAt[i] = Date.now() - T0;
      }),
    ),
  );
  return { grantedAt, all };
}

describe('TokenBucket', () => {
  it('serves the burst at once, then the steady rate, first come first served', async () => {
    const bucket = new TokenBucket({ ratePerSecond: 4, burst: 3 });
    const { grantedAt, all } = acquireMany(bucket, 6);
    await jest.advanceTimersByTimeAsync(0);
    expect(grantedAt).toEqual([0, 0, 0]);

    await jest.advanceTimersByTimeAsync(750);
    await all;
    expect(grantedAt).toEqual([0, 0, 0, 250, 500, 750]);
  });

  it('refills up to the burst while idle', async () => {
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 5 });
    for (let i = 0; i < 5; i++) expect(bucket.tryAcquire()).toBe(true);
    expect(bucket.tryAcquire()).toBe(false);
    jest.advanceTimersByTime(100);
    expect(bucket.tryAcquire()).toBe(true);
    jest.advanceTimersByTime(60_000);
    expect(bucket.available).toBe(5);
  });

  it("fails fast with retryAfterMs in 'fail' mode", async () => {
    const bucket = new TokenBucket({ ratePerSecond: 2, burst: 1, onEmpty: 'fail', name: 'HubSpot key …a1b2' });
    await bucket.acquire();
    jest.advanceTimersByTime(100);

    const error: unknown = await bucket.acquire().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ retryAfterMs: 400 });
    expect((error as Error).message).toBe(
      "The request budget of HubSpot key …a1b2 (2/s, burst 1) is used up; the next request may go in 400ms. Slow down, or use onEmpty: 'wait' to queue instead of failing.",
    );
    jest.advanceTimersByTime(400);
    await expect(bucket.acquire()).resolves.toBeUndefined();
  });

  it('pauses until a reset time when the headers say nothing remains', async () => {
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 10 });
    bucket.updateFromHeaders({ limit: 100, remaining: 0, resetAtMs: T0 + 5000 });
    expect(bucket.tryAcquire()).toBe(false);

    const { grantedAt, all } = acquireMany(bucket, 3);
    await jest.advanceTimersByTimeAsync(4999);
    expect(grantedAt).toEqual([]);
    await jest.advanceTimersByTimeAsync(201);
    await all;
    expect(grantedAt).toEqual([5000, 5100, 5200]);
  });

  it('caps tokens by remaining and the burst by limit', async () => {
    const bucket = new TokenBucket({ ratePerSecond: 1, burst: 40 });
    bucket.updateFromHeaders({ limit: 40, remaining: 2 });
    expect(bucket.available).toBe(2);
    bucket.updateFromHeaders({ limit: 3 });
    jest.advanceTimersByTime(60_000);
    expect(bucket.available).toBe(3);
  });

  it('lets pauseUntil delay waiters already in line', async () => {
    const bucket = new TokenBucket({ ratePerSecond: 1, burst: 1 });
    expect(bucket.tryAcquire()).toBe(true);
    const { grantedAt, all } = acquireMany(bucket, 1);
    await jest.advanceTimersByTimeAsync(500);
    bucket.pauseUntil(T0 + 3000);
    await jest.advanceTimersByTimeAsync(2499);
    expect(grantedAt).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    await all;
    expect(grantedAt).toEqual([3000]);
  });

  it('stops waiting at once when the signal aborts, and the line moves on', async () => {
    const bucket = new TokenBucket({ ratePerSecond: 1, burst: 1 });
    await bucket.acquire();
    const controller = new AbortController();
    const waiting = bucket.acquire(controller.signal);
    const assertion = expect(waiting).rejects.toBeInstanceOf(AbortedError);
    const next = acquireMany(bucket, 1);
    await jest.advanceTimersByTimeAsync(300);
    controller.abort();
    await assertion;

    await jest.advanceTimersByTimeAsync(700);
    await next.all;
    expect(next.grantedAt).toEqual([1000]);
    await expect(bucket.acquire(controller.signal)).rejects.toBeInstanceOf(AbortedError);
  });

  it('rejects nonsense settings with ConfigError', () => {
    expect(() => new TokenBucket({ ratePerSecond: 0 })).toThrow(ConfigError);
    expect(() => new TokenBucket({ ratePerSecond: 1, burst: 0 })).toThrow(ConfigError);
  });

  it('wraps calls as a policy that shares the bucket', async () => {
    const bucket = new TokenBucket({ ratePerSecond: 2, burst: 1 });
    const a = rateLimitPolicy(bucket);
    const b = rateLimitPolicy(bucket);
    const ranAt: number[] = [];
    const run = (): number => ranAt.push(Date.now() - T0);
    const all = Promise.all([a.execute(run), b.execute(run), a.execute(run)]);
    await jest.advanceTimersByTimeAsync(1000);
    await all;
    expect(ranAt).toEqual([0, 500, 1000]);
  });
});
