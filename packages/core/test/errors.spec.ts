import { AuthError, causeChain, ConfigError, findErrorCode, isSqlflowError, RateLimitError, SqlflowError, TransientError } from '@sqlflow/core';

describe('error tree', () => {
  it('gives each error a literal code, fault, retryable flag and cause', () => {
    const root = new Error('socket hang up');
    const e = new TransientError('connection dropped', { cause: root });
    expect(e).toBeInstanceOf(SqlflowError);
    expect(e).toMatchObject({ name: 'TransientError', code: 'TRANSIENT', fault: 'server', retryable: true, cause: root });
    expect(new AuthError('bad key').retryable).toBe(false);
    expect(new RateLimitError('slow down', { retryAfterMs: 1500 }).retryAfterMs).toBe(1500);
  });

  it('recognises errors by brand, not by class identity', () => {
    const foreign = Object.assign(new Error('x'), { [Symbol.for('@sqlflow/core/SqlflowError')]: true });
    expect(isSqlflowError(foreign)).toBe(true);
    expect(isSqlflowError(new Error('x'))).toBe(false);
    expect(isSqlflowError(new ConfigError('x'))).toBe(true);
  });

  it('walks the cause chain safely', () => {
    const a: Error & { cause?: unknown } = new Error('a');
    const b = new RateLimitError('b', { cause: a });
    a.cause = b; // a cycle must not hang
    expect([...causeChain(new TransientError('c', { cause: b }))]).toHaveLength(3);
    expect(findErrorCode(new Error('outer', { cause: b }), 'RATE_LIMITED')).toBe(b);
    expect(findErrorCode(new Error('outer'), 'RATE_LIMITED')).toBeUndefined();
  });

  it('serialises to JSON without the stack', () => {
    expect(JSON.parse(JSON.stringify(new ConfigError('bad', { details: { issues: 1 } })))).toEqual({
      name: 'ConfigError',
      code: 'CONFIG_INVALID',
      message: 'bad',
      retryable: false,
      details: { issues: 1 },
    });
  });
});
