/** Structured fields attached to a log line. Never put secrets here. */
export type LogFields = Readonly<Record<string, unknown>>;

/** The logger a connector receives; the runner decides where lines go and redacts secrets. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `bindings` to every line. */
  child(bindings: LogFields): Logger;
}

/** What a policy passes to the call it runs. */
export interface CallContext {
  /** Aborted when the caller aborts or the policy times the attempt out. */
  readonly signal: AbortSignal;
  /** 0 for the first try, then 1, 2, ... */
  readonly attempt: number;
}

/**
 * A resilience policy: runs one network call (a page fetch, a connect) with retries, timeouts,
 * circuit breaking and rate limits. `@sqlflow/resilience` builds these; connectors only call
 * `execute`. Structurally compatible with cockatiel's `IPolicy`.
 */
export interface CallPolicy {
  execute<T>(fn: (context: CallContext) => PromiseLike<T> | T, signal?: AbortSignal): Promise<T>;
}

/** The source of "now", injectable so tests control time. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** Records timed operations (parse, read, load, SQL) for `--trace`. */
export interface Tracer {
  span<T>(name: string, attributes: LogFields, fn: () => Promise<T>): Promise<T>;
}

/**
 * Resources shared by every connector session of one run, keyed by a string the connector
 * chooses (for example one rate budget per API key).
 */
export interface SharedResources {
  getOrCreate<T>(key: string, create: () => T): T;
}

/** Everything a connector receives from its runner. Library code reads nothing else. */
export interface ConnectorContext {
  readonly logger: Logger;
  /** Wraps each network call. */
  readonly policy: CallPolicy;
  readonly clock: Clock;
  readonly tracer: Tracer;
  readonly shared: SharedResources;
  /** Aborts everything the session does. */
  readonly signal?: AbortSignal;
}
