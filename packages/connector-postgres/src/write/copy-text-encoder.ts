import { DataError, formatDateDays, formatTimeMicros, formatTimestampMicros, toMicros } from '@sqlflow/core';
import { type Data, type DataType, DataType as DT, type Date_ as DateType, DateUnit, type Decimal, makeVector, type RecordBatch, type Timestamp, type TimeUnit, type Vector } from 'apache-arrow';
import { readDecimal128 } from '../copy/numeric-binary';

type Encode = (i: number) => string | null;

/** Escapes a value for COPY text format (backslash, tab, newline, carriage return); NUL, which PostgreSQL text cannot hold, is a DataError. */
export function escapeCopyText(s: string): string {
  if (s.includes('\u0000')) throw new DataError('postgres: a value contains a NUL character (\\u0000), which PostgreSQL text cannot store; remove it before writing');
  return /[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : s;
}

function arrayElement(v: string | null): string {
  return v === null ? 'NULL' : `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function jsonText(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x instanceof Uint8Array ? Buffer.from(x).toString('base64') : x));
}

/** A function giving the unescaped PostgreSQL text of row `i` of one Arrow data chunk (null for NULL). */
function encoderFor(type: DataType, data: Data, vector: Vector): Encode {
  const valid = (i: number): boolean => vector.isValid(i);
  const at = data.offset;
  if (DT.isBool(type)) return (i) => (valid(i) ? (vector.get(i) ? 't' : 'f') : null);
  if (DT.isDecimal(type)) {
    const words = data.values as Uint32Array;
    const scale = (type as Decimal).scale;
    return (i) => (valid(i) ? readDecimal128(words, (at + i) * 4, scale) : null);
  }
  if (DT.isTimestamp(type)) {
    const values = data.values as BigInt64Array | Int32Array;
    const unit = (type as Timestamp).unit;
    return (i) => {
      if (!valid(i)) return null;
      const raw = values instanceof BigInt64Array ? values[at + i]! : BigInt(Math.round(Number(vector.get(i))));
      return formatTimestampMicros(toMicros(raw, unit));
    };
  }
  if (DT.isDate(type)) {
    if ((type as DateType).unit === DateUnit.DAY) {
      const days = data.values as Int32Array;
      return (i) => (valid(i) ? formatDateDays(days[at + i]!) : null);
    }
    return (i) => (valid(i) ? new Date(Number(vector.get(i))).toISOString().slice(0, 10) : null);
  }
  if (DT.isTime(type)) {
    const values = data.values as ArrayLike<number | bigint>;
    const unit = (type as { unit: TimeUnit }).unit;
    return (i) => (valid(i) ? formatTimeMicros(toMicros(BigInt(values[at + i]!), unit)) : null);
  }
  if (DT.isBinary(type) || DT.isLargeBinary(type) || DT.isFixedSizeBinary(type)) {
    return (i) => (valid(i) ? `\\x${Buffer.from(vector.get(i) as Uint8Array).toString('hex')}` : null);
  }
  if (DT.isList(type) || DT.isFixedSizeList(type)) return listEncoder(type, vector, arrayElement, '{', '}');
  if (DT.isStruct(type) || DT.isMap(type)) return (i) => (valid(i) ? jsonText((vector.get(i) as { toJSON(): unknown }).toJSON()) : null);
  if (DT.isFloat(type)) {
    return (i) => {
      if (!valid(i)) return null;
      const v = vector.get(i) as number;
      return Number.isNaN(v) ? 'NaN' : v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : String(v);
    };
  }
  return (i) => (valid(i) ? String(vector.get(i)) : null);
}

/** A list column as text: each element's PostgreSQL text through `element`, comma-separated between `open` and `close`. */
function listEncoder(type: DataType, vector: Vector, element: (text: string | null) => string, open: string, close: string): Encode {
  const childType = type.children[0]!.type as DataType;
  return (i) => {
    if (!vector.isValid(i)) return null;
    const list = vector.get(i) as Vector;
    const child = list.data[0];
    if (!child || list.length === 0) return open + close;
    const enc = encoderFor(childType, child, makeVector(child));
    const parts: string[] = [];
    for (let j = 0; j < list.length; j++) parts.push(element(enc(j)));
    return open + parts.join(',') + close;
  };
}

/**
 * A list as a JSON array: numbers (every digit of 64-bit integers and decimals) and booleans as
 * JSON literals, everything else as the JSON string of its PostgreSQL text.
 */
function jsonListEncoder(type: DataType, vector: Vector): Encode {
  const childType = type.children[0]!.type as DataType;
  const numeric = DT.isInt(childType) || DT.isFloat(childType) || DT.isDecimal(childType);
  const bool = DT.isBool(childType);
  const element = (v: string | null): string => {
    if (v === null) return 'null';
    if (bool) return v === 't' ? 'true' : 'false';
    return numeric && v !== 'NaN' && !v.endsWith('Infinity') ? v : JSON.stringify(v);
  };
  return listEncoder(type, vector, element, '[', ']');
}

/**
 * Encodes a record batch as COPY text-format lines (columns in `columns` order), ready to
 * stream into `COPY ... FROM STDIN`. Lists bound for the columns in `json` (json/jsonb target
 * columns) are written as JSON arrays instead of array literals.
 */
export function encodeBatch(batch: RecordBatch, columns: readonly string[], json: ReadonlySet<string> = new Set()): string {
  const encoders = columns.map((name) => {
    const index = batch.schema.fields.findIndex((f) => f.name === name);
    const vector = batch.getChildAt(index)!;
    const data = vector.data[0]!;
    const type = vector.type as DataType;
    if (json.has(name) && (DT.isList(type) || DT.isFixedSizeList(type))) return jsonListEncoder(type, makeVector(data));
    return encoderFor(type, data, makeVector(data));
  });
  const lines: string[] = new Array(batch.numRows);
  for (let r = 0; r < batch.numRows; r++) {
    let line = '';
    for (let c = 0; c < encoders.length; c++) {
      const v = encoders[c]!(r);
      line += (c > 0 ? '\t' : '') + (v === null ? '\\N' : escapeCopyText(v));
    }
    lines[r] = line;
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
