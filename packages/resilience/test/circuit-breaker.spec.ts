import { AuthError, TransientError } from '@sqlflow/core';
import { CircuitBreaker, isCircuitOpenError, type CircuitStateName } from '@sqlflow/resilience';
import { T0, useFakeClock } from './support';

const down = (): Promise<never> => Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
const up = (): Promise<string> => Promise.resolve('ok');

useFakeClock();

async function failTimes(breaker: CircuitBreaker, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await expect(breaker.execute(down)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
}

describe('CircuitBreaker', () => {
  it('opens after N consecutive failures and then fails fast, saying when it will probe', async () => {
    const states: CircuitStateName[] = [];
    const breaker = new CircuitBreaker({ consecutiveFailures: 3, halfOpenAfterMs: 10_000, name: 'orders DB', onStateChange: (s) => states.push(s) });
    await failTimes(breaker, 2);
    expect(breaker.state).toBe('closed');
    await failTimes(breaker, 1);
    expect(breaker.state).toBe('open');

    jest.advanceTimersByTime(4000);
    const fn = jest.fn(up);
    const error: unknown = await breaker.execute(fn).catch((e: unknown) => e);

    expect(fn).not.toHaveBeenCalled();
    expect(error).toBeInstanceOf(TransientError);
    expect(isCircuitOpenError(error)).toBe(true);
    expect(error).toMatchObject({ retryable: false, details: { circuit: 'open', probeAtMs: T0 + 10_000, retryAfterMs: 6000 } });
    expect((error as Error).message).toBe(
      'The circuit breaker for orders DB is open after 3 consecutive failures (last: ECONNREFUSED); ' +
        'calls fail fast until a probe at 2024-05-01T12:00:10.000Z (in 6s). Check that orders DB is reachable and healthy.',
    );
    expect((error as Error).cause).toMatchObject({ code: 'ECONNREFUSED' });
    expect(states).toEqual(['open']);
  });

  it('resets the count on success, so only consecutive failures open it', async () => {
    const breaker = new CircuitBreaker({ consecutiveFailures: 3 });
    await failTimes(breaker, 2);
    await breaker.execute(up);
    await failTimes(breaker, 2);
    expect(breaker.state).toBe('closed');
  });

  it('closes when the half-open probe succeeds', async () => {
    const states: CircuitStateName[] = [];
    const breaker = new CircuitBreaker({ consecutiveFailures: 2, halfOpenAfterMs: 5000, onStateChange: (s) => states.push(s) });
    await failTimes(breaker, 2);
    jest.advanceTimersByTime(4999);
    await expect(breaker.execute(up)).rejects.toThrow(/circuit breaker/);
    jest.advanceTimersByTime(1);

    await expect(breaker.execute(up)).resolves.toBe('ok');
    expect(breaker.state).toBe('closed');
    expect(states).toEqual(['open', 'half-open', 'closed']);
  });

  it('reopens when the probe fails, for another full cooldown', async () => {
    const breaker = new CircuitBreaker({ consecutiveFailures: 2, halfOpenAfterMs: 5000 });
    await failTimes(breaker, 2);
    jest.advanceTimersByTime(5000);
    await failTimes(breaker, 1);
    expect(breaker.state).toBe('open');

    jest.advanceTimersByTime(4999);
    await expect(breaker.execute(up)).rejects.toMatchObject({ details: { retryAfterMs: 1 } });
    jest.advanceTimersByTime(1);
    await expect(breaker.execute(up)).resolves.toBe('ok');
  });

  it('does not count permanent failures or throttling', async () => {
    const breaker = new CircuitBreaker({ consecutiveFailures: 2 });
    for (let i = 0; i < 3; i++) {
      await expect(breaker.execute(() => Promise.reject(new AuthError('bad key')))).rejects.toBeInstanceOf(AuthError);
      await expect(breaker.execute(() => Promise.reject(Object.assign(new Error('429'), { status: 429 })))).rejects.toThrow('429');
    }
    expect(breaker.state).toBe('closed');
  });
});
