import type { DuckDBConnection } from '@duckdb/node-api';
import { formatTimestampMicros, type WatermarkType, type WatermarkValue } from '@sqlflow/core';
import { STATE_TABLES, WATERMARK_SQL_TYPES } from '@sqlflow/state';
import { normalizeType } from './table-schema';
import { quoteIdent } from './sql-names';

/** The arrival-order column of staging tables. */
export const SEQ = '__sqlflow_seq';

/** Quoted, comma-separated column list. */
export function columnList(columns: readonly string[], prefix = ''): string {
  return columns.map((c) => `${prefix}${quoteIdent(c)}`).join(', ');
}

/**
 * The identity of a row: md5 (128 bits) of its JSON text with columns in name order, so
 * that it does not depend on column order and is stable across runs and DuckDB versions.
 */
export function rowHashSql(columns: readonly string[]): string {
  const fields = [...columns].sort().map((c) => `${quoteIdent(c)} := ${quoteIdent(c)}`);
  return `md5_number(CAST(to_json(struct_pack(${fields.join(', ')})) AS VARCHAR))`;
}

/** `CAST(expr AS <the watermark's storage type>)` */
export function castCursor(expression: string, type: WatermarkType): string {
  return `CAST(${expression} AS ${WATERMARK_SQL_TYPES[type]})`;
}

/** A SQL literal of a watermark value in its storage type. */
export function watermarkLiteral(value: WatermarkValue): string {
  const text = typeof value.value === 'number' ? String(value.value) : `'${value.value.replace(/'/g, "''")}'`;
  return `CAST(${text} AS ${WATERMARK_SQL_TYPES[value.type]})`;
}

/** Which watermark type a DuckDB column type yields, when it can be a cursor. */
export function watermarkTypeOfColumn(sqlType: string): WatermarkType | undefined {
  const t = normalizeType(sqlType);
  if (/^(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?)$/.test(t)) return 'int';
  if (t === 'FLOAT' || t === 'DOUBLE' || t.startsWith('DECIMAL')) return 'float';
  if (t.startsWith('TIMESTAMP')) return 'timestamp';
  if (t === 'DATE') return 'date';
  if (t === 'VARCHAR') return 'string';
  return undefined;
}

/** The greatest cursor value in `table`, as a typed watermark (undefined when empty). */
export async function maxCursor(
  connection: DuckDBConnection,
  tableSql: string,
  cursor: string,
  type: WatermarkType,
): Promise<WatermarkValue | undefined> {
  const c = quoteIdent(cursor);
  const expr =
    type === 'timestamp' ? `CAST(epoch_us(max(CAST(${c} AS TIMESTAMPTZ))) AS VARCHAR)` : type === 'float' ? `max(CAST(${c} AS DOUBLE))` : `CAST(max(${c}) AS VARCHAR)`;
  const reader = await connection.runAndReadAll(`SELECT ${expr} AS m FROM ${tableSql}`);
  const value = reader.getRowsJS()[0]?.[0];
  if (value === null || value === undefined) return undefined;
  switch (type) {
    case 'timestamp':
      return { type, value: formatTimestampMicros(BigInt(String(value))) };
    case 'float':
      return { type, value: Number(value) };
    default:
      return { type, value: String(value) };
  }
}

/** Statements that upsert the staged rows by key: delete matching keys, insert the last row per key. */
export function upsertStatements(target: string, staging: string, columns: readonly string[], key: readonly string[]): string[] {
  const match = key.map((k) => `t.${quoteIdent(k)} IS NOT DISTINCT FROM s.${quoteIdent(k)}`).join(' AND ');
  return [
    `DELETE FROM ${target} AS t WHERE EXISTS (SELECT 1 FROM ${staging} AS s WHERE ${match})`,
    `INSERT INTO ${target} (${columnList(columns)}) SELECT ${columnList(columns)} FROM ${staging}
       QUALIFY row_number() OVER (PARTITION BY ${columnList(key)} ORDER BY ${SEQ} DESC) = 1`,
  ];
}

/** Names of the temporary tables one boundary-aware load uses. */
export interface BoundaryTables {
  /** Hashes (with remaining multiplicity) of rows loaded by earlier runs that the source re-sends. */
  readonly skip: string;
  readonly hashed: string;
  readonly keep: string;
}

/** Copies the committed boundary multiset of `keyId` into the run's skip table. */
export function createSkipTable(tables: BoundaryTables, keyId: string): string {
  return `CREATE OR REPLACE TEMP TABLE ${tables.skip} AS
    SELECT row_hash, CAST(sum(n) AS BIGINT) AS remaining FROM ${STATE_TABLES.boundaryRows}
    WHERE key_id = '${keyId}' GROUP BY row_hash`;
}

/** Options of {@link appendWithBoundaryStatements}. */
export interface BoundaryAppend {
  readonly target: string;
  readonly staging: string;
  readonly columns: readonly string[];
  readonly cursor: string;
  readonly keyId: string;
  readonly tables: BoundaryTables;
  /** Rows below this were loaded by earlier runs (the read's lower bound at run start). */
  readonly startBound: WatermarkValue | undefined;
  /** Greatest cursor in the skip set: rows above it cannot be re-sent copies. */
  readonly skipMax: WatermarkValue | undefined;
  /** Lower edge of the boundary window after this checkpoint (new watermark - lookback). */
  readonly newBound: WatermarkValue;
}

/**
 * APPEND without key, exactly once: the i-th copy of a row identity is dropped while the skip
 * multiset still holds copies of it (rows the previous runs loaded and the source re-sent);
 * the remaining rows are inserted; kept rows inside the new window join the boundary set, and
 * boundary rows that fell out of the window are pruned. Only rows that can match the skip set
 * (cursor <= its greatest cursor) or that enter the window are hashed; the rest go straight in.
 */
export function appendWithBoundaryStatements(o: BoundaryAppend): string[] {
  const type = o.newBound.type;
  const cursorOf = (alias: string): string => castCursor(`${alias}${quoteIdent(o.cursor)}`, type);
  const hash = rowHashSql(o.columns);
  const hashedWhen = (alias: string): string =>
    `coalesce(${o.skipMax ? `${cursorOf(alias)} <= ${watermarkLiteral(o.skipMax)} OR ` : ''}${cursorOf(alias)} >= ${watermarkLiteral(o.newBound)}, false)`;
  const fresh = (alias: string): string => (o.startBound ? ` AND coalesce(${cursorOf(alias)} >= ${watermarkLiteral(o.startBound)}, true)` : '');
  const cols = columnList(o.columns);
  return [
    `CREATE OR REPLACE TEMP TABLE ${o.tables.hashed} AS
       SELECT *, ${hash} AS __h, row_number() OVER (PARTITION BY ${hash} ORDER BY ${SEQ}) AS __rn FROM ${o.staging} WHERE ${hashedWhen('')}`,
    `CREATE OR REPLACE TEMP TABLE ${o.tables.keep} AS
       SELECT h.* FROM ${o.tables.hashed} AS h LEFT JOIN ${o.tables.skip} AS k ON k.row_hash = h.__h
       WHERE h.__rn > coalesce(k.remaining, 0)${fresh('h.')}`,
    `INSERT INTO ${o.target} (${cols}) SELECT ${cols} FROM (
       SELECT ${cols}, ${SEQ} FROM ${o.tables.keep}
       UNION ALL SELECT ${cols}, ${SEQ} FROM ${o.staging} AS s WHERE NOT ${hashedWhen('s.')}${fresh('s.')}) ORDER BY ${SEQ}`,
    `UPDATE ${o.tables.skip} SET remaining = remaining - least(remaining, c.cnt)
       FROM (SELECT __h, count(*) AS cnt FROM ${o.tables.hashed} GROUP BY __h) AS c WHERE ${o.tables.skip}.row_hash = c.__h`,
    `INSERT INTO ${STATE_TABLES.boundaryRows} (key_id, row_hash, n, cursor_${type})
       SELECT '${o.keyId}', __h, count(*), any_value(${cursorOf('')}) FROM ${o.tables.keep}
       WHERE ${cursorOf('')} >= ${watermarkLiteral(o.newBound)} GROUP BY __h`,
    pruneBoundaryStatement(o.keyId, o.newBound),
  ];
}

/** The greatest cursor held in the boundary set of `keyId`, read as the watermark's type. */
export async function boundaryMax(connection: DuckDBConnection, keyId: string, type: WatermarkType): Promise<WatermarkValue | undefined> {
  return maxCursor(connection, `(SELECT cursor_${type} AS c FROM ${STATE_TABLES.boundaryRows} WHERE key_id = '${keyId}')`, 'c', type);
}

/** Deletes boundary rows below the window's lower edge. */
export function pruneBoundaryStatement(keyId: string, bound: WatermarkValue): string {
  return `DELETE FROM ${STATE_TABLES.boundaryRows} WHERE key_id = '${keyId}'
    AND (cursor_${bound.type} IS NULL OR cursor_${bound.type} < ${watermarkLiteral(bound)})`;
}

/** Rebuilds the boundary set of `keyId` from a whole table (after REPLACE). */
export function rebuildBoundaryStatements(table: string, columns: readonly string[], cursor: string, keyId: string, bound: WatermarkValue): string[] {
  const c = castCursor(quoteIdent(cursor), bound.type);
  return [
    `DELETE FROM ${STATE_TABLES.boundaryRows} WHERE key_id = '${keyId}'`,
    `INSERT INTO ${STATE_TABLES.boundaryRows} (key_id, row_hash, n, cursor_${bound.type})
       SELECT '${keyId}', h, count(*), any_value(c) FROM (SELECT ${rowHashSql(columns)} AS h, ${c} AS c FROM ${table} WHERE ${c} >= ${watermarkLiteral(bound)})
       GROUP BY h`,
  ];
}
