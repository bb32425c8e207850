import { type ConfigIssue, defineSpec, sourceParameterProperties, sourceParameterRules, type SourceParametersInput } from '@sqlflow/core';
import type { JSONSchemaType } from 'ajv';

/** A filter value: a scalar for equality, a list for IN, null for IS NULL, `">= 300"` text or an operator object. */
export type FilterValue = string | number | boolean | null | Array<string | number | boolean> | Record<string, string | number | boolean | null>;

/** The SSL modes libpq knows (`allow` is treated as `prefer`). */
export const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
/** One of {@link SSL_MODES}. */
export type SslMode = (typeof SSL_MODES)[number];

/** How a destination write lands: append rows, replace the table, or upsert by keys. */
export const WRITE_MODES = ['append', 'overwrite', 'upsert'] as const;
/** One of {@link WRITE_MODES}. */
export type WriteMode = (typeof WRITE_MODES)[number];

/** PostgreSQL connector configuration as the user writes it (after alias resolution). */
export interface PostgresConfig extends SourceParametersInput {
  connection?: string;
  host?: string;
  port?: number;
  database?: string;
  username?: string;
  password?: string;
  sslmode?: SslMode;
  sslrootcert?: string;
  connect_timeout: number;
  application_name: string;
  min_connections: number;
  max_connections: number;
  schema: string;
  schemas?: string[];
  table?: string;
  query?: string;
  filters?: Record<string, FilterValue>;
  batch_size: number;
  target_table?: string;
  write_mode?: WriteMode;
  upsert_keys?: string[];
}

const scalar = { type: ['string', 'number', 'boolean'] } as const;

const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    connection: {
      type: 'string',
      nullable: true,
      description:
        'Connection URL (`postgres://user:password@host:5432/db?sslmode=require`) or libpq keyword/value string; explicit parameters override its parts. The password inside is redacted.',
      'x-aliases': ['connection_string', 'url', 'dsn'],
      'x-example': 'postgres://etl@db.example.com:5432/shop',
    },
    host: { type: 'string', nullable: true, description: 'Server host name or IP (default `localhost`).', 'x-aliases': ['hostname', 'server'] },
    port: { type: 'integer', nullable: true, minimum: 1, maximum: 65535, description: 'Server port (default 5432).' },
    database: { type: 'string', nullable: true, description: 'Database name.', 'x-aliases': ['dbname', 'db'] },
    username: { type: 'string', nullable: true, description: 'User name (default `postgres`).', 'x-aliases': ['user'] },
    password: { type: 'string', nullable: true, description: 'Password; use `${env.PGPASSWORD}` rather than a literal.', 'x-secret': true, 'x-aliases': ['pass'] },
    sslmode: {
      type: 'string',
      enum: [...SSL_MODES],
      nullable: true,
      description: 'TLS: `disable`, `prefer` (try TLS, fall back), `require` (TLS, no certificate check), `verify-ca` (check the chain), `verify-full` (chain and host name). Default `prefer`, or the URL\'s `sslmode`.',
      'x-aliases': ['ssl_mode'],
    },
    sslrootcert: { type: 'string', nullable: true, description: 'Path of the CA certificate file (PEM) used by `verify-ca` and `verify-full`.', 'x-aliases': ['ssl_root_cert'] },
    connect_timeout: { type: 'number', minimum: 0, default: 10, description: 'Seconds to wait for a connection.' },
    application_name: { type: 'string', default: 'sqlflow', description: 'Shown in `pg_stat_activity`.' },
    min_connections: { type: 'integer', minimum: 0, default: 0, description: 'Pooled connections opened eagerly by `check()`.', 'x-aliases': ['pool_min'] },
    max_connections: { type: 'integer', minimum: 1, default: 5, description: 'Upper bound of the metadata pool (each read or write also uses one dedicated connection).', 'x-aliases': ['pool_max', 'pool_size'] },
    schema: { type: 'string', default: 'public', description: 'Schema of `table` and of unqualified stream names.', 'x-aliases': ['schema_name'] },
    schemas: { type: 'array', items: { type: 'string' }, nullable: true, description: 'Schemas to list in `discover()` (default: `schema` only).' },
    table: { type: 'string', nullable: true, description: 'Table (or view) to read; `schema.table` is accepted. Without `table` or `query`, every table of `schemas` is a stream.', 'x-aliases': ['table_name'] },
    query: {
      type: 'string',
      nullable: true,
      description: 'Custom SELECT to read instead of a table (stream `query`); wrapped as a subquery, so filters and incremental bounds apply to its output columns.',
      'x-aliases': ['sql', 'custom_query'],
    },
    filters: {
      type: 'object',
      nullable: true,
      required: [],
      additionalProperties: {
        anyOf: [
          { type: 'null' },
          scalar,
          { type: 'array', items: scalar },
          { type: 'object', required: [], additionalProperties: { anyOf: [{ type: 'null' }, scalar] } },
        ],
      },
      description:
        'Row filters by column: `value` (=), `[a, b]` (IN), `null` (IS NULL), `">= 300"` or `{">": 300, "<": 500}` (operators =, !=, <>, <, <=, >, >=; `{"!=": null}` is IS NOT NULL). Values are bound as parameters.',
      'x-example': { status: ['paid', 'shipped'], total: { '>=': 300 } },
    },
    batch_size: { type: 'integer', minimum: 1, default: 10_000, description: 'Rows per Arrow batch (batches are also capped at about 16 MiB).', 'x-aliases': ['chunk_size', 'fetch_size'] },
    target_table: { type: 'string', nullable: true, description: 'Destination table (`schema.table` accepted); created from the Arrow schema when missing. Default: the written stream name.', 'x-aliases': ['destination_table'] },
    write_mode: {
      type: 'string',
      enum: [...WRITE_MODES],
      nullable: true,
      description: 'Destination: `append`, `overwrite` (replace all rows) or `upsert` (by `upsert_keys`); default: the mode the runner asks for.',
      'x-aliases': ['if_exists', 'load_mode'],
    },
    upsert_keys: { type: 'array', items: { type: 'string' }, nullable: true, description: 'Key columns for `upsert` (default: the stream\'s primary key, then the table\'s).', 'x-aliases': ['merge_keys', 'key_columns'] },
    ...sourceParameterProperties,
  },
  required: [],
} as unknown as JSONSchemaType<PostgresConfig>;

const rules: ReadonlyArray<(c: PostgresConfig) => ConfigIssue | undefined> = [
  ...sourceParameterRules,
  (c) => (c.table && c.query ? { parameter: 'query', message: 'set either `table` or `query`, not both' } : undefined),
  (c) => (!c.connection && !c.database ? { parameter: 'database', message: 'missing `database`; set `database` (or a `connection` URL such as postgres://user@host:5432/db)' } : undefined),
  (c) =>
    (c.sslmode === 'verify-ca' || c.sslmode === 'verify-full') && !c.sslrootcert
      ? { parameter: 'sslrootcert', message: `\`sslmode\` \`${c.sslmode}\` needs \`sslrootcert\`: the path of the CA certificate (PEM) that signed the server certificate` }
      : undefined,
  (c) => (c.write_mode === 'upsert' && c.upsert_keys !== undefined && c.upsert_keys !== null && c.upsert_keys.length === 0 ? { parameter: 'upsert_keys', message: '`upsert_keys` must name at least one column' } : undefined),
  (c) => (c.min_connections > c.max_connections ? { parameter: 'min_connections', message: '`min_connections` must not exceed `max_connections`' } : undefined),
];

/** The PostgreSQL connector's configuration contract: one JSON Schema plus cross-field rules. */
export const postgresSpec = defineSpec<PostgresConfig>({ schema, rules });
