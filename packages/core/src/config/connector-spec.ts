import type { JSONSchemaType } from 'ajv';

/**
 * SQLFlow's own JSON Schema keywords, valid on any property:
 * - `x-aliases`: legacy names accepted for this parameter (`dbname` for `database`).
 * - `x-secret`: the value is redacted from logs, errors, traces and state.
 * - `x-example`: a value shown in generated docs and CLI help.
 * - `x-path`: a local file path (or glob); runners resolve a relative value against the
 *   project directory (see `resolvePathParameters`).
 */
export const SQLFLOW_KEYWORDS = ['x-aliases', 'x-secret', 'x-example', 'x-path'] as const;

/** A problem found by a cross-field rule. */
export interface ConfigIssue {
  /** The parameter the user should change. */
  readonly parameter: string;
  readonly message: string;
}

/** A JSON Schema document as stored in a spec (checked against the config type by {@link defineSpec}). */
export type JsonSchemaObject = Readonly<Record<string, unknown>>;

/**
 * A connector's configuration contract: the JSON Schema plus rules that relate several fields.
 * Build it with {@link defineSpec}, which checks the schema against `TConfig` with ajv's
 * `JSONSchemaType`, so the two cannot drift. Stored as a plain schema object so that
 * definitions of any configuration type can share one registry.
 */
export interface ConnectorSpec<TConfig> {
  readonly schema: JsonSchemaObject;
  /** Cross-field checks run after schema validation; each issue names its parameter. */
  readonly rules?: ReadonlyArray<(config: TConfig) => ConfigIssue | undefined>;
}

/** What {@link defineSpec} takes: the schema typed against the configuration. */
export interface SpecDefinition<TConfig> {
  readonly schema: JSONSchemaType<TConfig>;
  readonly rules?: ReadonlyArray<(config: TConfig) => ConfigIssue | undefined>;
}

/**
 * Declares a spec with its schema type-checked against `TConfig`.
 *
 * @example
 * export const spec = defineSpec<MyConfig>({ schema: { type: 'object', required: ['path'], properties: { ... } } });
 */
export function defineSpec<TConfig>(spec: SpecDefinition<TConfig>): ConnectorSpec<TConfig> {
  return { schema: spec.schema as unknown as JsonSchemaObject, ...(spec.rules ? { rules: spec.rules } : {}) };
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
  readonly 'x-path'?: boolean;
}

/** The top-level properties of a spec's schema. */
export function specProperties<T>(spec: ConnectorSpec<T>): Readonly<Record<string, PropertySchema>> {
  const schema = spec.schema as unknown as { properties?: Record<string, PropertySchema> };
  return schema.properties ?? {};
}

/** The required top-level properties of a spec's schema. */
export function specRequired<T>(spec: ConnectorSpec<T>): readonly string[] {
  const schema = spec.schema as unknown as { required?: string[] };
  return schema.required ?? [];
}

/**
 * A copy of `params` with every relative `x-path` parameter (string or list of strings)
 * resolved against `baseDir`. Values with a URL scheme (`s3://`) are left alone.
 */
export function resolvePathParameters<T>(spec: ConnectorSpec<T>, params: Readonly<Record<string, unknown>>, baseDir: string, join: (base: string, p: string) => string): Record<string, unknown> {
  const out: Record<string, unknown> = { ...params };
  const fix = (v: unknown): unknown =>
    typeof v === 'string' && v !== '' && !/^([a-z][a-z0-9+.-]*:\/\/|\/|[a-z]:[\\/])/i.test(v) ? join(baseDir, v) : v;
  for (const [name, prop] of Object.entries(specProperties(spec))) {
    if (prop['x-path'] !== true) continue;
    const keys = [name, ...(prop['x-aliases'] ?? [])];
    for (const key of keys) {
      if (!(key in out)) continue;
      const value = out[key];
      out[key] = Array.isArray(value) ? value.map(fix) : fix(value);
    }
  }
  return out;
}
