import { NotFoundError, suggest } from '@sqlflow/core';
import type { ColumnInfo, RelationInfo } from '../catalog/column-info';
import { describeQuery, listRelations } from '../catalog/catalog-queries';
import type { PostgresClient } from '../postgres-client';
import type { PostgresConfig } from '../postgres-config';
import { splitTableName } from '../sql/identifiers';
import type { ReadSource } from '../sql/read-query';

/** The stream name of a custom `query`. */
export const QUERY_STREAM = 'query';

/** A stream resolved against the catalog. */
export interface ResolvedStream {
  readonly name: string;
  readonly source: ReadSource;
  readonly columns: readonly ColumnInfo[];
  readonly primaryKey: readonly string[];
}

/** Stream name of a relation: bare in the default `schema`, `schema.table` elsewhere. */
export function streamName(config: PostgresConfig, schema: string, table: string): string {
  return schema === config.schema ? table : `${schema}.${table}`;
}

function fromRelation(config: PostgresConfig, r: RelationInfo): ResolvedStream {
  return { name: streamName(config, r.schema, r.name), source: { kind: 'table', schema: r.schema, table: r.name }, columns: r.columns, primaryKey: r.primaryKey };
}

/** Every stream the configuration offers: the `query`, the `table`, or each table of `schemas`. */
export async function listStreams(client: PostgresClient, config: PostgresConfig, signal?: AbortSignal): Promise<ResolvedStream[]> {
  if (config.query) {
    const query = config.query;
    const columns = await client.run('describing `query`', (sql) => describeQuery(sql, query), signal);
    return [{ name: QUERY_STREAM, source: { kind: 'query', sql: query }, columns, primaryKey: [] }];
  }
  if (config.table) return [await resolveStream(client, config, config.table, signal)];
  const schemas = config.schemas && config.schemas.length > 0 ? config.schemas : [config.schema];
  const relations = await client.run('listing tables', (sql) => listRelations(sql, schemas), signal);
  return relations.map((r) => fromRelation(config, r));
}

/** Resolves one stream name (`orders`, `sales.orders`, `query`) against the catalog. */
export async function resolveStream(client: PostgresClient, config: PostgresConfig, name: string, signal?: AbortSignal): Promise<ResolvedStream> {
  if (config.query) {
    if (name !== QUERY_STREAM) throw new NotFoundError(`postgres: stream \`${name}\` does not exist; with \`query\` set, the only stream is \`${QUERY_STREAM}\``);
    return (await listStreams(client, config, signal))[0]!;
  }
  const { schema, table } = splitTableName(name);
  const candidates: Array<[string, string]> = [[schema ?? config.schema, table]];
  if (schema !== undefined) candidates.push([config.schema, name]);
  for (const [s, t] of candidates) {
    const found = await client.run(`looking up table ${s}.${t}`, (sql) => listRelations(sql, [s], t), signal);
    if (found[0]) return fromRelation(config, found[0]);
  }
  const where = `${client.site().endpoint}/${client.settings.database}`;
  const known = config.table ? [] : (await listStreams(client, config, signal)).map((s) => s.name);
  const hint = suggest(name, known);
  throw new NotFoundError(
    `postgres: table \`${name}\` not found (or not readable by "${client.settings.username}") in schema "${schema ?? config.schema}" on ${where}; check \`table\` and \`schema\`${hint ? `; did you mean \`${hint}\`?` : ''}`,
    { details: { stream: name } },
  );
}
