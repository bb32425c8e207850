import type { JSONSchemaType } from 'ajv';

/**
 * SQLFlow's own JSON Schema keywords, valid on any property:
 * - `x-aliases`: legacy names accepted for this parameter (`dbname` for `database`).
 * - `x-secret`: the value is redacted from logs, errors, traces and state.
 * - `x-example`: a value shown in generated docs and CLI help.
 */
export const SQLFLOW_KEYWORDS = ['x-aliases', 'x-secret', 'x-example'] as const;

/** A problem found by a cross-field rule. */
export interface ConfigIssue {
  /** The parameter the user should change. */
  readonly parameter: string;
  readonly message: string;
}

/**
 * A connector's configuration contract: the JSON Schema (typed against `TConfig` by ajv's
 * `JSONSchemaType`, so the two cannot drift) plus rules that relate several fields.
 */
export interface ConnectorSpec<TConfig> {
  readonly schema: JSONSchemaType<TConfig>;
  /** Cross-field checks run after schema validation; each issue names its parameter. */
  readonly rules?: ReadonlyArray<(config: TConfig) => ConfigIssue | undefined>;
}

/** Declares a spec with its type checked against the schema. */
export function defineSpec<TConfig>(spec: ConnectorSpec<TConfig>): ConnectorSpec<TConfig> {
  return spec;
}

/** One property's schema as the config machinery reads it (a loose view of JSON Schema). */
export interface PropertySchema {
  readonly type?: string | readonly string[];
  readonly description?: string;
  readonly default?: unknown;
  readonly enum?: readonly unknown[];
  readonly items?: PropertySchema;
  readonly anyOf?: readonly PropertySchema[];
  readonly oneOf?: readonly PropertySchema[];
  readonly properties?: Readonly<Record<string, PropertySchema>>;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly 'x-aliases'?: readonly string[];
  readonly 'x-secret'?: boolean;
  readonly 'x-example'?: unknown;
}

/** The top-level properties of a spec's schema. */
export function specProperties(spec: ConnectorSpec<unknown>): Readonly<Record<string, PropertySchema>> {
  const schema = spec.schema as unknown as { properties?: Record<string, PropertySchema> };
  return schema.properties ?? {};
}

/** The required top-level properties of a spec's schema. */
export function specRequired(spec: ConnectorSpec<unknown>): readonly string[] {
  const schema = spec.schema as unknown as { required?: string[] };
  return schema.required ?? [];
}
