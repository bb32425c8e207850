/** Which side is at fault: the caller's input (`client`) or a system it depends on (`server`). */
export type ErrorFault = 'client' | 'server';

const BRAND = Symbol.for('@sqlflow/core/SqlflowError');

/** Options every SQLFlow error accepts. */
export interface SqlflowErrorOptions {
  /** The error that led to this one; classifiers walk this chain. */
  cause?: unknown;
  /** Structured facts for logs and machine output (never secrets). */
  details?: Readonly<Record<string, unknown>>;
  /** Overrides the class default. */
  retryable?: boolean;
}

/**
 * Base of every error SQLFlow throws. Each subclass has a literal `code`; `retryable` says
 * whether repeating the same call may succeed. `isSqlflowError` recognises instances even
 * when two copies of this package are installed.
 */
export abstract class SqlflowError extends Error {
  abstract readonly code: string;
  abstract readonly fault: ErrorFault;
  readonly retryable: boolean;
  readonly details: Readonly<Record<string, unknown>>;

  protected constructor(message: string, defaultRetryable: boolean, options: SqlflowErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.retryable = options.retryable ?? defaultRetryable;
    this.details = options.details ?? {};
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** A plain object for JSON output (run reports, `--json`). */
  toJSON(): { name: string; code: string; message: string; retryable: boolean; details: Readonly<Record<string, unknown>> } {
    return { name: this.name, code: this.code, message: this.message, retryable: this.retryable, details: this.details };
  }
}

/** True for any SQLFlow error, across duplicate package installs. */
export function isSqlflowError(value: unknown): value is SqlflowError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/** Yields `error`, then each `cause` below it (bounded, cycle-safe). */
export function* causeChain(error: unknown): Generator<unknown> {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current !== undefined && current !== null && !seen.has(current) && seen.size < 32) {
    seen.add(current);
    yield current;
    current = typeof current === 'object' ? (current as { cause?: unknown }).cause : undefined;
  }
}

/** The first SQLFlow error in the cause chain with the given code, if any. */
export function findErrorCode<C extends string>(error: unknown, code: C): (SqlflowError & { code: C }) | undefined {
  for (const e of causeChain(error)) {
    if (isSqlflowError(e) && e.code === code) return e as SqlflowError & { code: C };
  }
  return undefined;
}
