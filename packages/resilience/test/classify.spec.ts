import {
  AbortedError,
  AuthError,
  ConfigError,
  NotFoundError,
  RateLimitError,
  TransientError,
} from '@sqlflow/core';
import { isThrottled, isTransient, parseRetryAfter, retryAfterMs } from '@sqlflow/resilience';

const pgError = (code: string): Error => Object.assign(new Error(`pg says ${code}`), { code, severity: 'ERROR' });
const httpError = (status: number, extra: Record<string, unknown> = {}): Error =>
  Object.assign(new Error(`HTTP ${status}`), { status, ...extra });

describe('isTransient', () => {
  it('finds a retryable PostgreSQL error inside a TransientError inside an Error', () => {
    const nested = new Error('page 3 failed', { cause: new TransientError('cursor fetch failed', { cause: pgError('40P01') }) });
    expect(isTransient(nested)).toBe(true);
    expect(isTransient(new Error('read failed', { cause: pgError('40P01') }))).toBe(true);
  });

  it('knows the retryable SQLSTATEs and refuses the others', () => {
    for (const code of ['08006', '08001', '40001', '40P01', '55P03', '57P01', '57P02', '57P03', '53300']) {
      expect([code, isTransient(pgError(code))]).toEqual([code, true]);
    }
    for (const code of ['23505', '42P01', '28P01', '22P02', '57014']) {
      expect([code, isTransient(pgError(code))]).toEqual([code, false]);
    }
  });

  it('retries network codes found under fetch-style wrappers, but not ENOTFOUND', () => {
    const fetchFailed = (code: string): Error => new TypeError('fetch failed', { cause: Object.assign(new Error('socket'), { code }) });
    for (const code of ['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']) {
      expect([code, isTransient(fetchFailed(code))]).toEqual([code, true]);
    }
    expect(isTransient(fetchFailed('ENOTFOUND'))).toBe(false);
    expect(isTransient(fetchFailed('ERR_INVALID_URL'))).toBe(false);
  });

  it('decides HTTP statuses on status, statusCode, $metadata and response', () => {
    for (const status of [408, 425, 429, 500, 502, 503, 504]) expect([status, isTransient(httpError(status))]).toEqual([status, true]);
    for (const status of [400, 401, 403, 404, 409, 422, 501]) expect([status, isTransient(httpError(status))]).toEqual([status, false]);
    expect(isTransient({ statusCode: 502 })).toBe(true);
    expect(isTransient({ name: 'InternalError', $metadata: { httpStatusCode: 500 } })).toBe(true);
    expect(isTransient({ response: { status: 503 } })).toBe(true);
    expect(isTransient({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } })).toBe(false);
  });

  it('trusts the first SQLFlow error in the chain, and never retries auth, config, not-found or abort', () => {
    expect(isTransient(new TransientError('dropped'))).toBe(true);
    expect(isTransient(new RateLimitError('slow down'))).toBe(true);
    expect(isTransient(new TransientError('dropped', { retryable: false }))).toBe(false);
    expect(isTransient(new AuthError('bad key', { cause: httpError(503) }))).toBe(false);
    expect(isTransient(new ConfigError('bad host', { cause: pgError('08006') }))).toBe(false);
    expect(isTransient(new NotFoundError('no table'))).toBe(false);
    expect(isTransient(new AbortedError())).toBe(false);
    expect(isTransient(new Error('outer', { cause: new AuthError('bad key') }))).toBe(false);
  });

  it('treats an AbortError as the caller giving up, and unknown errors as permanent', () => {
    expect(isTransient(new DOMException('aborted', 'AbortError'))).toBe(false);
    expect(isTransient(new DOMException('signal timed out', 'TimeoutError'))).toBe(true);
    expect(isTransient(new Error('boom'))).toBe(false);
    expect(isTransient('a string')).toBe(false);
    expect(isTransient(undefined)).toBe(false);
  });
});

describe('isThrottled', () => {
  it('recognises RateLimitError, 429 and AWS throttling codes anywhere in the chain', () => {
    expect(isThrottled(new Error('x', { cause: new RateLimitError('slow') }))).toBe(true);
    expect(isThrottled(new TransientError('page failed', { cause: httpError(429) }))).toBe(true);
    expect(isThrottled({ name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } })).toBe(true);
    expect(isThrottled({ Code: 'x', name: 'SlowDown', $metadata: { httpStatusCode: 503 } })).toBe(true);
    expect(isThrottled(Object.assign(new Error('ec2'), { code: 'RequestLimitExceeded' }))).toBe(true);
    expect(isThrottled({ name: 'TooManyRequestsException' })).toBe(true);
    expect(isTransient({ name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } })).toBe(true);
  });

  it('does not call other failures throttling', () => {
    expect(isThrottled(httpError(503))).toBe(false);
    expect(isThrottled(new TransientError('dropped'))).toBe(false);
    expect(isThrottled(new Error('boom'))).toBe(false);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2024-05-01T12:00:00Z');

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('1.5', now)).toBe(1500);
    expect(parseRetryAfter(3, now)).toBe(3000);
  });

  it('reads an HTTP date relative to now, never negative', () => {
    expect(parseRetryAfter('Wed, 01 May 2024 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 01 May 2024 11:59:00 GMT', now)).toBe(0);
  });

  it('returns undefined for absent or unreadable values', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2024-05-01T12:00:00Z');

  it('takes RateLimitError.retryAfterMs from deep in the chain', () => {
    expect(retryAfterMs(new Error('outer', { cause: new RateLimitError('slow', { retryAfterMs: 2500 }) }), now)).toBe(2500);
  });

  it('reads retryAfter fields and Retry-After headers (Headers, records, response.headers)', () => {
    expect(retryAfterMs(Object.assign(new Error('x'), { retryAfter: '7' }), now)).toBe(7000);
    expect(retryAfterMs({ headers: new Headers({ 'Retry-After': '3' }) }, now)).toBe(3000);
    expect(retryAfterMs({ response: { headers: { 'retry-after': 'Wed, 01 May 2024 12:01:00 GMT' } } }, now)).toBe(60_000);
    expect(retryAfterMs({ headers: { 'Retry-After-Ms': '250', 'Retry-After': '1' } }, now)).toBe(250);
  });

  it('is undefined when nobody said how long', () => {
    expect(retryAfterMs(new RateLimitError('slow'), now)).toBeUndefined();
    expect(retryAfterMs(httpError(503, { headers: new Headers() }), now)).toBeUndefined();
  });
});
