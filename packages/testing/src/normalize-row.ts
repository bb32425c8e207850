import { DataType, type Field, type Schema, TimeUnit, type Timestamp, util } from 'apache-arrow';
import { formatDateDays, formatTimestampMicros, LOGICAL_TYPE_KEY, parseTimestampMicros } from '@sqlflow/core';

/** A row after {@link normalizeRow}: plain JSON-like values that compare with `===` / deep equality. */
export type NormalizedRow = Record<string, unknown>;

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?\s*(Z|[+-]\d{2}(:?\d{2})?)?$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const INTEGER_TEXT = /^[+-]?\d+$/;
const MICROS_PER_UNIT: Record<TimeUnit, [bigint, bigint]> = {
  // [multiply, divide] to go from the unit to microseconds
  [TimeUnit.SECOND]: [1_000_000n, 1n],
  [TimeUnit.MILLISECOND]: [1000n, 1n],
  [TimeUnit.MICROSECOND]: [1n, 1n],
  [TimeUnit.NANOSECOND]: [1n, 1000n],
};

/** Bytes as lowercase hex. */
function hex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

function normalizeInteger(value: bigint): number | string {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
}

function normalizeNumber(value: number): number | string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  return Object.is(value, -0) ? 0 : value;
}

/** Canonical text of an instant: `YYYY-MM-DDTHH:MM:SS.ffffffZ` (UTC, microseconds). */
export function canonicalTimestamp(value: unknown, unit: TimeUnit = TimeUnit.MILLISECOND): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : formatTimestampMicros(BigInt(value.getTime()) * 1000n);
  if (typeof value === 'bigint') {
    const [mul, div] = MICROS_PER_UNIT[unit];
    return formatTimestampMicros((value * mul) / div);
  }
  if (typeof value === 'number' && Number.isFinite(value)) return formatTimestampMicros(BigInt(Math.round(value * 1000)));
  if (typeof value === 'string' && (ISO_TIMESTAMP.test(value.trim()) || ISO_DATE.test(value.trim()))) return formatTimestampMicros(parseTimestampMicros(value));
  return value;
}

function canonicalDate(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value).toISOString().slice(0, 10);
  if (typeof value === 'bigint') return new Date(Number(value)).toISOString().slice(0, 10);
  if (typeof value === 'string' && (ISO_DATE.test(value.trim()) || ISO_TIMESTAMP.test(value.trim()))) {
    return formatDateDays(Number(parseTimestampMicros(value) / 86_400_000_000n));
  }
  return value;
}

function isVectorLike(value: object): value is { toArray(): ArrayLike<unknown> } & Iterable<unknown> {
  return typeof (value as { toArray?: unknown }).toArray === 'function' && Symbol.iterator in value;
}

/**
 * Normalizes one value for comparison. Without a field, by the value's own kind:
 * - `null` / `undefined` -> `null`
 * - integers (`bigint` or integral `number`) -> `number` when safe (|n| <= 2^53-1), else decimal string
 * - `NaN` / `Infinity` -> `'NaN'` / `'Infinity'` / `'-Infinity'`; `-0` -> `0`
 * - `Date` and ISO-8601 timestamp strings -> canonical UTC text with microseconds
 *   (`2024-01-02T03:04:05.000000Z`); date-only strings stay `YYYY-MM-DD`
 * - `Uint8Array` / `Buffer` -> lowercase hex; other typed arrays, Arrow vectors -> arrays
 * - arrays and objects (Arrow struct rows too) -> normalized recursively, object keys sorted
 *
 * With an Arrow `field`, its type decides: Timestamp -> canonical text (numbers are epoch
 * milliseconds, as Arrow's `get()` returns them; bigints are in the field's unit); Date ->
 * `YYYY-MM-DD`; Int -> number/string as above, numeric strings included; Float -> number;
 * Utf8 -> the string unchanged; Utf8 tagged with the `json` logical type -> parsed JSON,
 * normalized; Binary -> hex (strings are UTF-8 encoded first).
 */
export function normalizeValue(value: unknown, field?: Field): unknown {
  if (value === null || value === undefined) return null;
  if (field) {
    const type = field.type as DataType;
    if (DataType.isTimestamp(type)) return canonicalTimestamp(value, (type as Timestamp).unit);
    if (DataType.isDate(type)) return canonicalDate(value);
    if (DataType.isInt(type)) {
      if (typeof value === 'string' && INTEGER_TEXT.test(value.trim())) return normalizeInteger(BigInt(value.trim()));
      if (typeof value === 'number' && Number.isInteger(value)) return normalizeInteger(BigInt(value));
    }
    if (DataType.isFloat(type) && typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return normalizeNumber(Number(value));
    if (DataType.isUtf8(type) || DataType.isLargeUtf8(type)) {
      if (field.metadata.get(LOGICAL_TYPE_KEY) === 'json') {
        if (typeof value === 'string') {
          try {
            return normalizeValue(JSON.parse(value));
          } catch {
            return value;
          }
        }
        return normalizeValue(value);
      }
      if (typeof value === 'string') return value;
    }
    if ((DataType.isBinary(type) || DataType.isLargeBinary(type)) && typeof value === 'string') return hex(new TextEncoder().encode(value));
  }
  switch (typeof value) {
    case 'bigint':
      return normalizeInteger(value);
    case 'number':
      return Number.isInteger(value) ? normalizeInteger(BigInt(value)) : normalizeNumber(value);
    case 'string':
      return ISO_TIMESTAMP.test(value.trim()) ? canonicalTimestamp(value) : value;
    case 'boolean':
      return value;
    case 'object':
      return normalizeObject(value as object);
    default:
      return String(value);
  }
}

function normalizeObject(value: object): unknown {
  if (value instanceof Date) return canonicalTimestamp(value);
  if (value instanceof Uint8Array) return hex(value);
  // Arrow decimals are typed arrays tagged as big numbers; their text is the decimal digits.
  if (util.isArrowBigNumSymbol in value) return String(value);
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<unknown>, (v) => normalizeValue(v));
  if (Array.isArray(value)) return value.map((v: unknown) => normalizeValue(v));
  if (isVectorLike(value)) return Array.from(value, (v) => normalizeValue(v));
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    const json: unknown = toJSON.call(value);
    if (json !== value) return normalizeValue(json);
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    const text = String(value);
    if (text !== '[object Object]') return text;
  }
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(source).sort()) out[key] = normalizeValue(source[key]);
  return out;
}

/**
 * Normalizes a row so that rows from Arrow batches and rows written by hand in a test compare
 * equal when they hold the same data (rules in {@link normalizeValue}). Pass the stream's
 * schema to let each column's Arrow type decide; columns not in the schema use the value rules.
 *
 * @example
 * normalizeRow({ id: 1n, at: new Date(0) }) // { id: 1, at: '1970-01-01T00:00:00.000000Z' }
 */
export function normalizeRow(row: Readonly<Record<string, unknown>>, schema?: Schema): NormalizedRow {
  const out: NormalizedRow = {};
  for (const key of Object.keys(row)) {
    const field = schema?.fields.find((f) => f.name === key);
    out[key] = normalizeValue(row[key], field);
  }
  return out;
}
