import type { SourceFile, Span } from './source-file';

/** `${name}` or `${name|default}`; `env.NAME` reads the caller's environment map. */
export interface VariableReference {
  readonly name: string;
  readonly defaultValue: string | undefined;
  readonly span: Span;
}

/** Literal text interleaved with variable references, resolved at plan time. */
export interface Template {
  readonly parts: ReadonlyArray<string | VariableReference>;
  readonly span: Span;
}

/** A JSON value in PARAMS / OPTIONS; strings are templates and `${var}` may stand as a value. */
export type JsonNode =
  | { readonly kind: 'object'; readonly entries: readonly JsonEntry[]; readonly span: Span }
  | { readonly kind: 'array'; readonly items: readonly JsonNode[]; readonly span: Span }
  | { readonly kind: 'string'; readonly value: Template; readonly span: Span }
  | { readonly kind: 'number'; readonly value: number; readonly span: Span }
  | { readonly kind: 'boolean'; readonly value: boolean; readonly span: Span }
  | { readonly kind: 'null'; readonly span: Span }
  | { readonly kind: 'variable'; readonly ref: VariableReference; readonly span: Span };

/** One `"key": value` pair of a JSON object. */
export interface JsonEntry {
  readonly key: string;
  readonly keySpan: Span;
  readonly value: JsonNode;
}

/** A JSON object node. */
export type JsonObjectNode = Extract<JsonNode, { kind: 'object' }>;

/** How LOAD writes its table. */
export type LoadMode = 'replace' | 'append' | 'upsert';

/** `SOURCE name TYPE t PARAMS {...}` or `SOURCE name FROM "connection" OPTIONS {...}`. */
export interface SourceStatement {
  readonly kind: 'source';
  readonly name: Template;
  readonly connector:
    | { readonly kind: 'type'; readonly type: Template; readonly params: JsonObjectNode | undefined }
    | { readonly kind: 'connection'; readonly connection: Template; readonly options: JsonObjectNode | undefined };
  readonly span: Span;
}

/** `LOAD table FROM source [MODE REPLACE | APPEND | UPSERT KEY (k, ...)]`, and the legacy MERGE forms. */
export interface LoadStatement {
  readonly kind: 'load';
  readonly table: Template;
  readonly source: Template;
  readonly mode: LoadMode;
  readonly keys: readonly Template[];
  readonly span: Span;
}

/** The optional `MODE` of CREATE TABLE (`REPLACE` when absent). */
export interface TableMode {
  readonly kind: 'replace' | 'append' | 'upsert' | 'incremental';
  readonly keys: readonly Template[];
  /** The time column of `MODE INCREMENTAL BY column`. */
  readonly by: Template | undefined;
  /** `LOOKBACK '1 day'`. */
  readonly lookback: Template | undefined;
}

/** `CREATE [OR REPLACE] TABLE t [MODE ...] AS <query>`; the query is kept verbatim. */
export interface CreateTableStatement {
  readonly kind: 'create_table';
  readonly table: Template;
  readonly orReplace: boolean;
  readonly mode: TableMode;
  readonly query: Template;
  readonly span: Span;
}

/** `EXPORT <query> TO "uri" TYPE t [OPTIONS {...}]` (also `EXPORT table TO connection`). */
export interface ExportStatement {
  readonly kind: 'export';
  readonly query: Template;
  readonly destination: Template;
  /** `uri` for a quoted destination, `connection` for a bare name (a profile connection). */
  readonly destinationKind: 'uri' | 'connection';
  /** The TYPE; when absent, guessed from the URI's extension at resolve time. */
  readonly type: Template | undefined;
  readonly options: JsonObjectNode | undefined;
  readonly span: Span;
}

/** A SET value: text (with variables), number or boolean. */
export type SetValue =
  | { readonly kind: 'string'; readonly value: Template }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean };

/** `SET name = value`. */
export interface SetStatement {
  readonly kind: 'set';
  readonly name: string;
  readonly value: SetValue;
  readonly span: Span;
}

/** `INCLUDE "file.sf"`, relative to the including file. */
export interface IncludeStatement {
  readonly kind: 'include';
  readonly path: Template;
  readonly span: Span;
}

/** A condition of IF / ELSE IF, evaluated at plan time. */
export type Condition =
  | { readonly kind: 'or' | 'and'; readonly left: Condition; readonly right: Condition; readonly span: Span }
  | { readonly kind: 'not'; readonly operand: Condition; readonly span: Span }
  | { readonly kind: 'compare'; readonly op: CompareOperator; readonly left: Operand; readonly right: Operand; readonly span: Span }
  | { readonly kind: 'value'; readonly operand: Operand; readonly span: Span };

/** Comparison operators of conditions (`=` and `==` are the same, as are `!=` and `<>`). */
export type CompareOperator = '==' | '!=' | '<' | '<=' | '>' | '>=';

/** A literal or a variable in a condition; a bare name is a variable. */
export type Operand =
  | { readonly kind: 'string'; readonly value: Template; readonly span: Span }
  | { readonly kind: 'number'; readonly value: number; readonly span: Span }
  | { readonly kind: 'boolean'; readonly value: boolean; readonly span: Span }
  | { readonly kind: 'variable'; readonly ref: VariableReference; readonly span: Span };

/** `IF c THEN ... ELSE IF c THEN ... ELSE ... END IF`. */
export interface IfStatement {
  readonly kind: 'if';
  readonly branches: ReadonlyArray<{ readonly condition: Condition; readonly body: readonly Statement[] }>;
  readonly otherwise: readonly Statement[] | undefined;
  readonly span: Span;
}

/** Any statement of the language. */
export type Statement =
  | SourceStatement
  | LoadStatement
  | CreateTableStatement
  | ExportStatement
  | SetStatement
  | IncludeStatement
  | IfStatement;

/** A parsed file. */
export interface PipelineProgram {
  readonly file: string;
  readonly statements: readonly Statement[];
  /** The file's text, for excerpts in later diagnostics. */
  readonly source: SourceFile;
}
