import type { VariableValue } from '../language/resolved';

/** A named connection of a profile: a connector type and its parameters. */
export interface ProfileConnection {
  /** The connector type, lower-cased (`postgres`). */
  readonly type: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/** Log verbosity. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** The DuckDB database the pipeline runs in. */
export interface EngineSettings {
  /** `:memory:` or the database file, resolved against the project directory. */
  readonly path: string;
  /** DuckDB `memory_limit` (for example `2GB`), when set. */
  readonly memoryLimit: string | undefined;
  /** DuckDB `threads`, when set. */
  readonly threads: number | undefined;
}

/** Where watermarks, run history and locks are kept. */
export interface StateSettings {
  /** `duckdb`: inside the pipeline's database (default); `postgres`: shared by many workers. */
  readonly store: 'duckdb' | 'postgres';
  /** The PostgreSQL connection URL, for the `postgres` store. */
  readonly url: string | undefined;
  /** The schema holding the state tables. */
  readonly schema: string;
}

/** A loaded `profiles/<name>.yml`, with `${env.X}` references substituted. */
export interface Profile {
  readonly name: string;
  /** The file it was read from. */
  readonly file: string;
  readonly engine: EngineSettings;
  readonly variables: Readonly<Record<string, VariableValue>>;
  readonly connections: Readonly<Record<string, ProfileConnection>>;
  readonly logLevel: LogLevel;
  readonly state: StateSettings;
  /** Values that came from the environment: redact them from any output. */
  readonly secrets: readonly string[];
}
