import { SqlflowError, type SqlflowErrorOptions } from './sqlflow-error';

/** A configuration value is missing, unknown, of the wrong type or contradicts another. */
export class ConfigError extends SqlflowError {
  readonly code = 'CONFIG_INVALID' as const;
  readonly fault = 'client' as const;
  /** The connector (or component) whose configuration is wrong. */
  readonly connector: string | undefined;
  /** The parameter at fault, when one is. */
  readonly parameter: string | undefined;
  constructor(message: string, options: SqlflowErrorOptions & { connector?: string; parameter?: string } = {}) {
    super(message, false, options);
    this.connector = options.connector;
    this.parameter = options.parameter;
  }
}

/** Credentials were refused or lack a permission. Never retried. */
export class AuthError extends SqlflowError {
  readonly code = 'AUTH_FAILED' as const;
  readonly fault = 'client' as const;
  constructor(message: string, options: SqlflowErrorOptions = {}) {
    super(message, false, options);
  }
}

/** The remote side asked us to slow down; `retryAfterMs` says for how long when it said so. */
export class RateLimitError extends SqlflowError {
  readonly code = 'RATE_LIMITED' as const;
  readonly fault = 'server' as const;
  readonly retryAfterMs: number | undefined;
  constructor(message: string, options: SqlflowErrorOptions & { retryAfterMs?: number } = {}) {
    super(message, true, options);
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** A failure that may pass: dropped connection, timeout, 5xx, lock timeout. */
export class TransientError extends SqlflowError {
  readonly code = 'TRANSIENT' as const;
  readonly fault = 'server' as const;
  constructor(message: string, options: SqlflowErrorOptions = {}) {
    super(message, true, options);
  }
}

/** Data does not fit the declared or existing schema (type conflict, missing column). */
export class SchemaError extends SqlflowError {
  readonly code = 'SCHEMA_MISMATCH' as const;
  readonly fault = 'client' as const;
  constructor(message: string, options: SqlflowErrorOptions = {}) {
    super(message, false, options);
  }
}

/** A record could not be parsed or converted; carries where it was found. */
export class DataError extends SqlflowError {
  readonly code = 'DATA_INVALID' as const;
  readonly fault = 'client' as const;
  readonly location: string | undefined;
  constructor(message: string, options: SqlflowErrorOptions & { location?: string } = {}) {
    super(message, false, options);
    this.location = options.location;
  }
}

/** Stored state (watermarks, locks, history) is unreadable, inconsistent or held by another run. */
export class StateError extends SqlflowError {
  readonly code = 'STATE_INVALID' as const;
  readonly fault = 'client' as const;
  constructor(message: string, options: SqlflowErrorOptions = {}) {
    super(message, false, options);
  }
}

/** A connection check failed; the message says what to fix. */
export class CheckError extends SqlflowError {
  readonly code = 'CHECK_FAILED' as const;
  readonly fault = 'client' as const;
  constructor(message: string, options: SqlflowErrorOptions = {}) {
    super(message, false, options);
  }
}

/** A named object (stream, table, bucket, file) does not exist. */
export class NotFoundError extends SqlflowError {
  readonly code = 'NOT_FOUND' as const;
  readonly fault = 'client' as const;
  constructor(message: string, options: SqlflowErrorOptions = {}) {
    super(message, false, options);
  }
}

/** The operation was cancelled through its AbortSignal. */
export class AbortedError extends SqlflowError {
  readonly code = 'ABORTED' as const;
  readonly fault = 'client' as const;
  constructor(message = 'The operation was aborted', options: SqlflowErrorOptions = {}) {
    super(message, false, options);
  }
}

/** A limit set by the user (cost, file count, data size) would be exceeded. */
export class LimitExceededError extends SqlflowError {
  readonly code = 'LIMIT_EXCEEDED' as const;
  readonly fault = 'client' as const;
  constructor(message: string, options: SqlflowErrorOptions = {}) {
    super(message, false, options);
  }
}

/** Every concrete SQLFlow error class. */
export type KnownSqlflowError =
  | ConfigError
  | AuthError
  | RateLimitError
  | TransientError
  | SchemaError
  | DataError
  | StateError
  | CheckError
  | NotFoundError
  | AbortedError
  | LimitExceededError;

/** Every literal error code. */
export type SqlflowErrorCode = KnownSqlflowError['code'];
