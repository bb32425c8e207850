import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { ConfigError, type Logger, SchemaError, throwIfAborted, type WriteRequest, type WriteResult } from '@sqlflow/core';
import type { RecordBatch } from 'apache-arrow';
import type { RelationInfo } from '../catalog/column-info';
import { listRelations } from '../catalog/catalog-queries';
import type { PostgresClient, Sql } from '../postgres-client';
import type { PostgresConfig, WriteMode } from '../postgres-config';
import { toSqlflowError } from '../postgres-errors';
import { qualifiedName, quoteIdent, splitTableName } from '../sql/identifiers';
import { encodeBatch } from './copy-text-encoder';
import { columnType } from './postgres-column-type';

const SEQ = '__sqlflow_seq';
const FLUSH_BYTES = 1 << 20;

function modeOf(config: PostgresConfig, request: WriteRequest): WriteMode {
  if (config.write_mode) return config.write_mode;
  return request.mode === 'append_dedup' ? 'upsert' : request.mode;
}

async function writeChunk(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await Promise.race([once(stream, 'drain'), once(stream, 'error').then(([e]) => Promise.reject(e as Error))]);
}

interface Plan {
  readonly target: string;
  readonly columns: readonly string[];
  /** Type each staged text column is cast to (the target column's type without modifier). */
  readonly casts: readonly string[];
  readonly keys: readonly string[];
  readonly mode: WriteMode;
}

async function prepareTarget(tx: Sql, config: PostgresConfig, request: WriteRequest, schema: string, table: string, logger: Logger): Promise<Plan> {
  const target = qualifiedName(schema, table);
  let [existing] = (await listRelations(tx, [schema], table)) as Array<RelationInfo | undefined>;
  const mode = modeOf(config, request);
  const columns = request.schema.fields.map((f) => f.name);
  if (new Set(columns).size !== columns.length) throw new SchemaError(`postgres: the batches written to ${schema}.${table} have duplicate column names`);
  let keys = config.upsert_keys ?? (request.primaryKey && request.primaryKey.length > 0 ? request.primaryKey : existing?.primaryKey ?? []);
  if (!existing) {
    const defs = request.schema.fields.map((f) => `${quoteIdent(f.name, 'target_table')} ${columnType(f)}${f.nullable ? '' : ' not null'}`);
    const pk = mode === 'upsert' && keys.length > 0 ? `, primary key (${keys.map((k) => quoteIdent(k, 'upsert_keys')).join(', ')})` : '';
    await tx.unsafe(`create table ${target} (${defs.join(', ')}${pk})`);
    logger.info(`postgres: created table ${schema}.${table}`, { columns: columns.length });
    existing = (await listRelations(tx, [schema], table))[0];
  } else {
    const have = new Set(existing.columns.map((c) => c.name));
    const missing = columns.filter((c) => !have.has(c));
    if (missing.length > 0) {
      throw new SchemaError(`postgres: table ${schema}.${table} has no column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')}; add ${missing.length > 1 ? 'them' : 'it'} (ALTER TABLE ... ADD COLUMN) or drop those columns from the export`);
    }
  }
  if (mode === 'upsert') {
    if (keys.length === 0) throw new ConfigError(`postgres: \`write_mode\` upsert into ${schema}.${table} needs \`upsert_keys\` (or a primary key on the table)`, { connector: 'postgres', parameter: 'upsert_keys' });
    const absent = keys.filter((k) => !columns.includes(k));
    if (absent.length > 0) throw new ConfigError(`postgres: \`upsert_keys\` ${absent.map((k) => `"${k}"`).join(', ')} not among the written columns`, { connector: 'postgres', parameter: 'upsert_keys' });
    keys = [...keys];
  }
  const byName = new Map(existing!.columns.map((c) => [c.name, c.castType]));
  return { target, columns, casts: columns.map((c) => byName.get(c)!), keys, mode };
}

/** An error raised by the caller's batch iterator, passed through unchanged. */
class UpstreamFailure {
  constructor(readonly error: unknown) {}
}

async function copyIn(tx: Sql, table: string, plan: Plan, request: WriteRequest, lost: Promise<never>): Promise<{ rows: number; bytes: number }> {
  const columns = plan.columns;
  // Lists going into json/jsonb columns (as earlier exports created them) are written as JSON.
  const json = new Set(columns.filter((_, i) => plan.casts[i] === 'json' || plan.casts[i] === 'jsonb'));
  const cols = columns.map((c) => quoteIdent(c, 'target_table')).join(', ');
  const stream = (await tx.unsafe(`copy ${table} (${cols}) from stdin`).writable()) as Writable;
  // errors reach us through the writes and the probe below; keep the stream from throwing them globally
  stream.on('error', () => undefined);
  let rows = 0;
  let bytes = 0;
  let pending: string[] = [];
  let pendingBytes = 0;
  const batches = request.batches[Symbol.asyncIterator]();
  try {
    for (;;) {
      throwIfAborted(request.signal);
      let next: IteratorResult<RecordBatch>;
      try {
        next = await batches.next();
      } catch (error) {
        throw new UpstreamFailure(error);
      }
      if (next.done) break;
      const batch = next.value;
      const text = encodeBatch(batch, columns, json);
      rows += batch.numRows;
      pending.push(text);
      pendingBytes += text.length;
      if (pendingBytes >= FLUSH_BYTES) {
        bytes += pendingBytes;
        await writeChunk(stream, pending.join(''));
        pending = [];
        pendingBytes = 0;
      }
    }
    if (pendingBytes > 0) await writeChunk(stream, pending.join(''));
    bytes += pendingBytes;
    stream.end();
    await Promise.race([once(stream, 'finish'), lost]);
  } catch (error) {
    // CopyFail: the server aborts the COPY and the transaction rolls back
    const reason = error instanceof UpstreamFailure ? error.error : error;
    stream.destroy(reason instanceof Error ? reason : new Error(String(reason)));
    throw error;
  }
  return { rows, bytes };
}

async function merge(tx: Sql, plan: Plan, stage: string): Promise<void> {
  const cols = plan.columns.map((c) => quoteIdent(c, 'target_table'));
  const casted = plan.columns.map((c, i) => `${quoteIdent(c)}::${plan.casts[i]}`);
  const insert = `insert into ${plan.target} (${cols.join(', ')})`;
  if (plan.mode === 'append') {
    await tx.unsafe(`${insert} select ${casted.join(', ')} from ${stage} order by ${SEQ}`);
    return;
  }
  if (plan.mode === 'overwrite') {
    await tx.unsafe(`truncate ${plan.target}`);
    await tx.unsafe(`${insert} select ${casted.join(', ')} from ${stage} order by ${SEQ}`);
    return;
  }
  const keyCasts = plan.keys.map((k) => `${quoteIdent(k, 'upsert_keys')}::${plan.casts[plan.columns.indexOf(k)]}`);
  const match = plan.keys.map((k, i) => `t.${quoteIdent(k, 'upsert_keys')} is not distinct from s.${keyCasts[i]}`).join(' and ');
  await tx.unsafe(`delete from ${plan.target} as t using ${stage} as s where ${match}`);
  await tx.unsafe(`${insert} select ${casted.join(', ')} from (select distinct on (${keyCasts.join(', ')}) * from ${stage} order by ${keyCasts.join(', ')}, ${SEQ} desc) as s`);
}

/**
 * Writes a stream of Arrow batches into a table in ONE transaction on a dedicated connection:
 * creates the table from the Arrow schema when missing, COPYs the rows (text format) into a
 * temporary staging table of text columns, then appends them (INSERT ... SELECT with casts to
 * the target's types), replaces the table (TRUNCATE + INSERT) or merges by key (DELETE matching
 * keys + INSERT the last staged row per key). Conversion and constraint errors surface from the
 * INSERT with PostgreSQL's own message. Any failure, including one raised by the batch iterator
 * mid-stream, rolls everything back and leaves the target as it was.
 */
export async function writeTable(client: PostgresClient, config: PostgresConfig, logger: Logger, request: WriteRequest): Promise<WriteResult> {
  const name = config.target_table ?? request.stream;
  const split = splitTableName(name);
  const schema = split.schema ?? config.schema;
  const action = `writing ${schema}.${split.table}`;
  const sql = await client.withDedicated(action, request.signal, async (s) => {
    await s`select 1`;
    return s;
  });
  const lost = client.connectionLost(sql, action);
  try {
    const result = await sql.begin(async (tx) => {
      const plan = await prepareTarget(tx as unknown as Sql, config, request, schema, split.table, logger);
      const t = tx as unknown as Sql;
      const stage = quoteIdent(`sqlflow_stage_${process.pid}_${Date.now()}`);
      await t.unsafe(`create temp table ${stage} (${plan.columns.map((c) => `${quoteIdent(c)} text`).join(', ')}, ${SEQ} bigserial) on commit drop`);
      const counts = await copyIn(t, stage, plan, request, lost.promise);
      await merge(t, plan, stage);
      return counts;
    });
    logger.info(`postgres: wrote ${result.rows} rows to ${schema}.${split.table}`, { mode: modeOf(config, request) });
    return { rows: result.rows, bytes: result.bytes, locations: [`${schema}.${split.table}`] };
  } catch (error) {
    if (error instanceof UpstreamFailure) throw error.error;
    throw toSqlflowError(error, client.site(action));
  } finally {
    lost.dispose();
    await client.release(sql, false);
  }
}
