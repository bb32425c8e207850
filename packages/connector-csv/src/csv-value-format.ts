import { formatTimestampMicros } from '@sqlflow/core';
import { type Data, type Field, type Timestamp, TimeUnit, Type, type Vector } from 'apache-arrow';

/** Formats the value at a row of a column as CSV text; null becomes undefined. */
export type CsvFormatter = (column: Vector, row: number) => string | undefined;

const TO_MICROS: Record<TimeUnit, (v: bigint) => bigint> = {
  [TimeUnit.SECOND]: (v) => v * 1_000_000n,
  [TimeUnit.MILLISECOND]: (v) => v * 1000n,
  [TimeUnit.MICROSECOND]: (v) => v,
  [TimeUnit.NANOSECOND]: (v) => v / 1000n,
};

function jsonText(value: unknown): string {
  const plain = typeof value === 'object' && value !== null && 'toJSON' in value ? (value as { toJSON(): unknown }).toJSON() : value;
  return JSON.stringify(plain, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

function timestampFormatter(type: Timestamp): CsvFormatter {
  const toMicros = TO_MICROS[type.unit];
  return (column, row) => {
    if (!column.isValid(row)) return undefined;
    // Read the stored integer: Vector#get returns float milliseconds and drops microseconds.
    let index = row;
    for (const data of column.data as Data<Timestamp>[]) {
      if (index < data.length) {
        const text = formatTimestampMicros(toMicros(BigInt((data.values as BigInt64Array)[data.offset + index]!))).replace('.000000', '');
        return type.timezone ? text : text.slice(0, -1).replace('T', ' ');
      }
      index -= data.length;
    }
    return undefined;
  };
}

/**
 * The formatter for an Arrow field: integers and floats as written by JS, booleans as
 * `true`/`false`, dates as `YYYY-MM-DD`, timestamps as ISO-8601 (UTC with `Z` when zoned, else
 * `YYYY-MM-DD HH:MM:SS[.ffffff]`), strings as they are, anything nested as JSON.
 */
export function formatterFor(field: Field): CsvFormatter {
  switch (field.type.typeId) {
    case Type.Timestamp:
      return timestampFormatter(field.type as Timestamp);
    case Type.Date:
      return (c, r) => {
        const v = c.get(r) as number | Date | null;
        return v === null ? undefined : new Date(typeof v === 'number' ? v : v.getTime()).toISOString().slice(0, 10);
      };
    case Type.Utf8:
    case Type.LargeUtf8:
      return (c, r) => (c.get(r) as string | null) ?? undefined;
    case Type.Int:
    case Type.Float:
    case Type.Bool:
    case Type.Decimal:
      return (c, r) => {
        const v: unknown = c.get(r);
        return v === null || v === undefined ? undefined : String(v);
      };
    default:
      return (c, r) => {
        const v: unknown = c.get(r);
        return v === null || v === undefined ? undefined : jsonText(v);
      };
  }
}
