import { formatTimestampMicros, StateError, type WatermarkType, type WatermarkValue } from '@sqlflow/core';

/** The DuckDB type that stores each watermark type exactly. */
export const WATERMARK_SQL_TYPES: Readonly<Record<WatermarkType, string>> = {
  int: 'HUGEINT',
  float: 'DOUBLE',
  string: 'VARCHAR',
  timestamp: 'TIMESTAMPTZ',
  date: 'DATE',
};

/**
 * A SQL expression (parameter `$n` cast to the typed column's type) and the parameter value
 * that stores `value` exactly.
 */
export function watermarkParam(value: WatermarkValue): { sqlType: string; param: string | number } {
  return { sqlType: WATERMARK_SQL_TYPES[value.type], param: value.value };
}

/** The select list that reads a typed value back as text/number (`prefix` = `value` or `cursor`). */
export function watermarkSelectList(prefix: string): string {
  return [
    `CAST(${prefix}_int AS VARCHAR) AS ${prefix}_int`,
    `${prefix}_float`,
    `${prefix}_string`,
    `epoch_us(${prefix}_timestamp) AS ${prefix}_timestamp`,
    `CAST(${prefix}_date AS VARCHAR) AS ${prefix}_date`,
  ].join(', ');
}

/** Rebuilds a typed watermark from a row read with {@link watermarkSelectList}. */
export function watermarkFromRow(type: string, row: Readonly<Record<string, unknown>>, prefix: string): WatermarkValue {
  const v = (suffix: string): unknown => row[`${prefix}_${suffix}`];
  switch (type) {
    case 'int':
      return { type, value: String(v('int')) };
    case 'float':
      return { type, value: Number(v('float')) };
    case 'string':
      return { type, value: String(v('string')) };
    case 'timestamp':
      return { type, value: formatTimestampMicros(BigInt(v('timestamp') as bigint)) };
    case 'date':
      return { type, value: String(v('date')) };
    default:
      throw new StateError(`Stored watermark has unknown type "${type}"; reset the state of this stream with \`sqlflow state reset\``);
  }
}
