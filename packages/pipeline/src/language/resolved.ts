import type { LoadMode, TableMode } from './ast';
import type { SourceFile, Span } from './source-file';

/** The value of a pipeline variable. */
export type VariableValue = string | number | boolean;

/** A SOURCE with its connector type and parameters, variables substituted. */
export interface ResolvedSource {
  readonly kind: 'source';
  readonly name: string;
  /** The connector type, lower-cased (`postgres`). */
  readonly type: string;
  /** The parameters as written (for `FROM "connection"`: the connection's, with OPTIONS over them). */
  readonly params: Readonly<Record<string, unknown>>;
  /** The profile connection it came from, for `SOURCE x FROM "conn"`. */
  readonly connection: string | undefined;
  readonly span: Span;
  /** Where each top-level parameter key was written (for error positions). */
  readonly paramSpans: Readonly<Record<string, Span>>;
}

/** A LOAD with names resolved. */
export interface ResolvedLoad {
  readonly kind: 'load';
  readonly table: string;
  readonly source: string;
  readonly mode: LoadMode;
  /** Upsert keys as written (empty: the source's primary key applies). */
  readonly keys: readonly string[];
  readonly span: Span;
}

/** A CREATE TABLE with its SQL after substitution. */
export interface ResolvedCreateTable {
  readonly kind: 'create_table';
  readonly table: string;
  readonly orReplace: boolean;
  readonly mode: {
    readonly kind: TableMode['kind'];
    readonly keys: readonly string[];
    readonly by: string | undefined;
    readonly lookback: string | undefined;
  };
  readonly sql: string;
  readonly span: Span;
}

/** An EXPORT with its SQL, destination, type (lower-cased) and options. */
export interface ResolvedExport {
  readonly kind: 'export';
  readonly sql: string;
  readonly destination: string;
  readonly destinationKind: 'uri' | 'connection';
  readonly type: string;
  readonly options: Readonly<Record<string, unknown>>;
  readonly span: Span;
}

/** A statement that does work, after SET, IF and INCLUDE have been applied. */
export type ResolvedStatement = ResolvedSource | ResolvedLoad | ResolvedCreateTable | ResolvedExport;

/** A pipeline ready to validate and plan: what runs, in statement order. */
export interface ResolvedPipeline {
  readonly file: string;
  readonly statements: readonly ResolvedStatement[];
  /** Every variable's final value (command line over profile over SET). */
  readonly variables: Readonly<Record<string, VariableValue>>;
  /** Values substituted from `${env.X}` (and profile secrets): redact them from any output. */
  readonly secrets: readonly string[];
  /** Every file read (the pipeline and what it includes), by the path shown in messages. */
  readonly sources: ReadonlyMap<string, SourceFile>;
}
