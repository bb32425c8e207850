import { causeChain, isSqlflowError } from '@sqlflow/core';
import { codeOf, httpStatusOf, nameOf } from './error-fields';
import { THROTTLING_CODES } from './is-throttled';

/**
 * Node, undici and file-system codes worth retrying. `ENOTFOUND` is deliberately absent: a
 * host name that does not resolve is almost always a typo, and retrying it for minutes only
 * hides the mistake (`EAI_AGAIN` is the DNS failure that passes).
 */
export const TRANSIENT_NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'EAGAIN',
  'EBUSY',
  'EMFILE',
  'ENFILE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

/** HTTP statuses worth retrying: 408, 425, 429 and the gateway-ish 5xx. */
export const TRANSIENT_HTTP_STATUSES: ReadonlySet<number> = new Set([408, 425, 429, 500, 502, 503, 504]);

/** AWS SDK error names and codes for timeouts worth retrying. */
const TRANSIENT_AWS_CODES: ReadonlySet<string> = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'InternalError', 'ServiceUnavailable']);

/** PostgreSQL SQLSTATEs that pass: serialization failure, deadlock, lock not available, shutdown, too many connections. */
const TRANSIENT_SQLSTATES: ReadonlySet<string> = new Set(['40001', '40P01', '55P03', '57P01', '57P02', '57P03', '53300']);

/** SQLFlow error codes that are never transient, whatever their `retryable` flag says. */
const NEVER_TRANSIENT: ReadonlySet<string> = new Set(['AUTH_FAILED', 'CONFIG_INVALID', 'NOT_FOUND', 'ABORTED']);

type Verdict = boolean | undefined;

/** True for a PostgreSQL SQLSTATE that is worth retrying (class 08 connection exceptions included). */
export function isTransientSqlState(code: string): boolean {
  return /^08[0-9A-Z]{3}$/.test(code) || TRANSIENT_SQLSTATES.has(code);
}

function verdictOf(link: unknown): Verdict {
  if (isSqlflowError(link)) return NEVER_TRANSIENT.has(link.code) ? false : link.retryable;
  const name = nameOf(link);
  if (name === 'AbortError') return false;
  const code = codeOf(link);
  for (const label of [code, name]) {
    if (label !== undefined && (THROTTLING_CODES.has(label) || TRANSIENT_AWS_CODES.has(label))) return true;
  }
  const status = httpStatusOf(link);
  if (status !== undefined) return TRANSIENT_HTTP_STATUSES.has(status);
  if (code !== undefined) {
    if (TRANSIENT_NETWORK_CODES.has(code)) return true;
    if (/^\d[0-9A-Z]{4}$/.test(code)) return isTransientSqlState(code);
  }
  return undefined;
}

/**
 * True when repeating the same call may succeed. Walks `error` and its `cause` chain; the first
 * link that says something decides: a SQLFlow error by its `retryable` flag (never for
 * AuthError, ConfigError, NotFoundError, AbortedError), an HTTP status (408/425/429/5xx
 * gateway errors yes, other statuses no), a Node/undici network code, a PostgreSQL SQLSTATE
 * (08xxx, 40001, 40P01, 55P03, 57P01-57P03, 53300), an AWS timeout or throttling code.
 * An `AbortError` means the caller gave up: not transient.
 *
 * @example isTransient(new TransientError('read failed', { cause: pgError })) // true
 */
export function isTransient(error: unknown): boolean {
  for (const link of causeChain(error)) {
    const verdict = verdictOf(link);
    if (verdict !== undefined) return verdict;
  }
  return false;
}
