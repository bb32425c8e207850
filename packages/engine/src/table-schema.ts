import type { DuckDBConnection } from '@duckdb/node-api';
import { SchemaError } from '@sqlflow/core';
import type { ColumnPlan } from './column-plan';
import type { TableName } from './sql-names';

/** A column of an existing table. */
export interface TableColumn {
  readonly name: string;
  readonly type: string;
}

/** The columns of `table` in order, or undefined when it does not exist. */
export async function describeTable(connection: DuckDBConnection, table: TableName): Promise<TableColumn[] | undefined> {
  const reader = await connection.runAndReadAll(
    `SELECT column_name, data_type FROM duckdb_columns()
      WHERE database_name = current_database() AND schema_name = $1 AND table_name = $2 ORDER BY column_index`,
    [table.schema, table.name],
  );
  const rows = reader.getRowObjectsJS();
  if (rows.length === 0) return undefined;
  return rows.map((r) => ({ name: String(r['column_name']), type: String(r['data_type']) }));
}

/** Canonical spelling of a DuckDB type for comparisons. */
export function normalizeType(type: string): string {
  return type
    .replace(/"/g, '')
    .replace(/\bTIMESTAMPTZ\b/gi, 'TIMESTAMP WITH TIME ZONE')
    .replace(/\s+/g, ' ')
    .trim()
    .toUpperCase();
}

const INTEGER_RANK: Record<string, number> = { TINYINT: 1, SMALLINT: 2, INTEGER: 3, BIGINT: 4, HUGEINT: 5 };
const UNSIGNED_RANK: Record<string, number> = { UTINYINT: 1, USMALLINT: 2, UINTEGER: 3, UBIGINT: 4 };

/**
 * True when every source value fits the target column without loss: equal types, wider
 * integers (unsigned into a wider signed type), FLOAT into DOUBLE, VARCHAR and JSON either way.
 */
export function isCompatible(sourceType: string, targetType: string): boolean {
  const s = normalizeType(sourceType);
  const t = normalizeType(targetType);
  if (s === t) return true;
  if (INTEGER_RANK[s] && INTEGER_RANK[t]) return INTEGER_RANK[s]! <= INTEGER_RANK[t]!;
  if (UNSIGNED_RANK[s] && UNSIGNED_RANK[t]) return UNSIGNED_RANK[s]! <= UNSIGNED_RANK[t]!;
  if (UNSIGNED_RANK[s] && INTEGER_RANK[t]) return UNSIGNED_RANK[s]! < INTEGER_RANK[t]!;
  if (s === 'FLOAT' && t === 'DOUBLE') return true;
  return (s === 'VARCHAR' && t === 'JSON') || (s === 'JSON' && t === 'VARCHAR');
}

/**
 * Checks that source columns fit an existing table for APPEND/UPSERT. Target columns the
 * source lacks are allowed (they stay NULL). A mismatch or a column the target lacks throws
 * one `SchemaError` listing every problem with source and target types.
 */
export function checkSchema(table: TableName, plans: readonly ColumnPlan[], target: readonly TableColumn[]): void {
  const byName = new Map(target.map((c) => [c.name.toLowerCase(), c]));
  const mismatched: string[] = [];
  const added: string[] = [];
  for (const plan of plans) {
    const column = byName.get(plan.name.toLowerCase());
    if (!column) added.push(`${plan.name} ${plan.sqlType}`);
    else if (!isCompatible(plan.sqlType, column.type)) mismatched.push(`${plan.name}: source ${plan.sqlType}, target ${column.type}`);
  }
  if (mismatched.length === 0 && added.length === 0) return;
  const lines = [`Source columns do not fit table ${table.schema}.${table.name}:`];
  if (mismatched.length) lines.push(`  type mismatch (${mismatched.length}): ${mismatched.join('; ')}`);
  if (added.length) {
    lines.push(`  not in the table (${added.length}): ${added.join(', ')}`);
  }
  lines.push(
    'Fix: cast the columns in the source, add the new columns with `ALTER TABLE ... ADD COLUMN ...`, ' +
      'or reload the table with MODE REPLACE.',
  );
  throw new SchemaError(lines.join('\n'), { details: { table: `${table.schema}.${table.name}`, mismatched, added } });
}
