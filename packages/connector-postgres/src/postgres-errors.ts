import { AbortedError, AuthError, ConfigError, DataError, isSqlflowError, NotFoundError, SchemaError, type SqlflowError, TransientError } from '@sqlflow/core';

/** Where an error happened, for the message. */
export interface ErrorSite {
  /** `host:port`. */
  readonly endpoint: string;
  readonly database: string;
  readonly username: string;
  /** What was being done ("reading public.orders"). */
  readonly action?: string;
}

interface PgErrorLike {
  code?: unknown;
  message?: unknown;
  detail?: unknown;
  hint?: unknown;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND',
  'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_DESTROYED', 'CONNECTION_ENDED', 'ERR_STREAM_PREMATURE_CLOSE',
]);

/** The SQLSTATE (or Node/driver error code) of an error, if any. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as PgErrorLike | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * True when repeating the call may succeed: connection failures, server shutdown (57P01..57P03),
 * class 08 connection exceptions, 53 resource limits, 40001/40P01, 55P03 lock timeouts, 57014
 * statement timeouts.
 */
export function isTransientPostgresError(error: unknown): boolean {
  const code = errorCode(error);
  if (!code) return false;
  if (NETWORK_CODES.has(code)) return true;
  return /^(08|53|57P0)/.test(code) || ['40001', '40P01', '55P03', '57014'].includes(code);
}

function describe(error: unknown): string {
  const e = error as PgErrorLike | null;
  const base = typeof e?.message === 'string' ? e.message : String(error);
  const code = errorCode(error);
  return code && !base.includes(code) ? `${base} [${code}]` : base;
}

/**
 * Maps a driver error to a typed SQLFlow error whose message says what to fix. Authentication
 * (28P01, 28000, 42501) -> AuthError, missing database (3D000) -> ConfigError on `database`,
 * missing table/column (42P01, 42703, 3F000) -> NotFoundError, SQL syntax in user SQL (42601) ->
 * ConfigError on `query`, classes 22/23 -> DataError, other class 42 -> SchemaError, connection
 * failures and server restarts -> TransientError (retryable); anything else -> TransientError
 * with `retryable: false`. SQLFlow errors pass through.
 */
export function toSqlflowError(error: unknown, site: ErrorSite): SqlflowError {
  if (isSqlflowError(error)) return error;
  if ((error as { name?: unknown } | null)?.name === 'AbortError') return new AbortedError(undefined, { cause: error });
  const code = errorCode(error);
  const where = `${site.endpoint}/${site.database}`;
  const doing = site.action ? ` while ${site.action}` : '';
  const details = { sqlstate: code, endpoint: site.endpoint, database: site.database };
  switch (code) {
    case '28P01':
      return new AuthError(`postgres: password authentication failed for user "${site.username}" on ${site.endpoint}; check \`username\` and \`password\``, { cause: error, details });
    case '28000':
      return new AuthError(`postgres: the server refused user "${site.username}" on ${where} (${describe(error)}); check \`username\`, \`password\` and the server's pg_hba.conf`, { cause: error, details });
    case '42501':
      return new AuthError(`postgres: permission denied${doing} on ${where} (${describe(error)}); grant the needed privilege to "${site.username}"`, { cause: error, details });
    case '3D000':
      return new ConfigError(`postgres: database "${site.database}" does not exist on ${site.endpoint}; check \`database\``, { cause: error, details, connector: 'postgres', parameter: 'database' });
    case '42P01':
    case '3F000':
    case '42703':
      return new NotFoundError(`postgres: ${describe(error)}${doing} on ${where}; check \`table\`, \`schema\`, \`cursor_field\` and \`filters\``, { cause: error, details });
    case '42601':
    case '42883':
    case '42804':
    case '22P02':
      return new ConfigError(`postgres: ${describe(error)}${doing} on ${where}; check \`query\`, \`filters\` and \`cursor_field\``, { cause: error, details, connector: 'postgres', parameter: 'query' });
    default:
      break;
  }
  if (code && /^2[23]/.test(code)) return new DataError(`postgres: ${describe(error)}${doing} on ${where}`, { cause: error, details });
  if (code && /^42/.test(code)) return new SchemaError(`postgres: ${describe(error)}${doing} on ${where}`, { cause: error, details });
  if (isTransientPostgresError(error)) {
    return new TransientError(`postgres: ${describe(error)}${doing} on ${where}; the call will be retried`, { cause: error, details });
  }
  return new TransientError(`postgres: ${describe(error)}${doing} on ${where}`, { cause: error, details, retryable: false });
}
