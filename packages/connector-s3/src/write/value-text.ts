import { DataType as DT, type Field, type RecordBatch, type Time, type Timestamp, type Vector } from 'apache-arrow';
import { formatDateDays, formatTimeMicros, formatTimestampMicros, logicalTypeOf, toMicros } from '@sqlflow/core';
import { timestampMicros } from '../schema/batch-conform';

/** Reads row `i` of a column as a plain JSON-able value: timestamps ISO-8601 (µs, UTC), dates `YYYY-MM-DD`, big integers as text. */
export type CellReader = (i: number) => unknown;

function rawTimestamp(vector: Vector, i: number): bigint | null {
  let offset = i;
  for (const data of vector.data) {
    if (offset < data.length) return data.getValid(offset) ? (data.values as BigInt64Array)[offset]! : null;
    offset -= data.length;
  }
  return null;
}

/** A reader of one column's cells as plain values (times `HH:MM:SS.ffffff`, lists as arrays of such values). */
export function cellReader(field: Field, vector: Vector): CellReader {
  const t = field.type;
  if (DT.isTimestamp(t)) {
    return (i) => {
      const raw = rawTimestamp(vector, i);
      return raw === null ? null : formatTimestampMicros(timestampMicros(raw, t as Timestamp));
    };
  }
  if (DT.isDate(t)) {
    return (i) => {
      const v = vector.get(i) as number | Date | null;
      if (v === null || v === undefined) return null;
      const ms = v instanceof Date ? v.getTime() : v;
      return formatDateDays(Math.floor(ms / 86_400_000));
    };
  }
  if (DT.isTime(t)) {
    const unit = (t as Time).unit;
    return (i) => {
      const v = vector.get(i) as number | bigint | null;
      return v === null || v === undefined ? null : formatTimeMicros(toMicros(BigInt(v), unit));
    };
  }
  if (DT.isList(t) || DT.isFixedSizeList(t)) {
    const child = t.children[0]! as Field;
    return (i) => {
      const list = vector.get(i) as Vector | null;
      if (list === null || list === undefined) return null;
      const read = cellReader(child, list);
      return Array.from({ length: list.length }, (_, j) => read(j));
    };
  }
  const json = logicalTypeOf(field) === 'json';
  return (i) => {
    const v: unknown = vector.get(i);
    if (v === null || v === undefined) return null;
    if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
    if (json && typeof v === 'string') return JSON.parse(v);
    if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
    if (typeof v === 'object' && 'toJSON' in v && typeof (v as { toJSON: unknown }).toJSON === 'function') return (v as { toJSON(): unknown }).toJSON();
    return v;
  };
}

/** Readers for every column of a batch, in schema order. */
export function cellReaders(batch: RecordBatch, fields: readonly Field[]): CellReader[] {
  return fields.map((f) => cellReader(f, batch.getChild(f.name)!));
}
