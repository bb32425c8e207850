import { Bool, type DataType, DateDay, Field, Float64, Int32, Int64, TimestampMicrosecond, Utf8, Type } from 'apache-arrow';
import { logicalField, logicalTypeOf, parseTimestampMicros, type WatermarkType } from '@sqlflow/core';

/** The column types `columns` accepts. */
export const CSV_COLUMN_TYPES = ['string', 'integer', 'bigint', 'float', 'boolean', 'date', 'timestamp', 'timestamptz', 'json'] as const;

/** One of {@link CSV_COLUMN_TYPES}. */
export type CsvColumnType = (typeof CSV_COLUMN_TYPES)[number];

/** Returned by a converter when the text is not a value of the column's type. */
export const INVALID: unique symbol = Symbol('invalid CSV value');

/** Turns a field's text (never a null value) into what the Arrow builder takes, or {@link INVALID}. */
export type CsvConverter = (text: string) => unknown;

const INT = /^\s*[+-]?\d+\s*$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TRUE = new Set(['true', 't', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'f', 'no', 'n', '0']);
const INT32_MAX = 2 ** 31 - 1;
const INT64_MAX = 2n ** 63n - 1n;

function toInt32(text: string): unknown {
  if (!INT.test(text)) return INVALID;
  const n = Number(text);
  return n > INT32_MAX || n < -INT32_MAX - 1 ? INVALID : n;
}

function toInt64(text: string): unknown {
  if (!INT.test(text)) return INVALID;
  const n = BigInt(text.trim());
  return n > INT64_MAX || n < -INT64_MAX - 1n ? INVALID : n;
}

function toFloat(text: string): unknown {
  const t = text.trim();
  const n = Number(t);
  if (t !== '' && !Number.isNaN(n)) return n;
  if (/^nan$/i.test(t)) return NaN;
  if (/^[+-]?inf(inity)?$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  return INVALID;
}

function toBool(text: string): unknown {
  const t = text.trim().toLowerCase();
  return TRUE.has(t) ? true : FALSE.has(t) ? false : INVALID;
}

function toDate(text: string): unknown {
  const m = DATE.exec(text.trim());
  if (!m) return INVALID;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const d = new Date(ms);
  return d.getUTCDate() === Number(m[3]) && d.getUTCMonth() === Number(m[2]) - 1 ? d : INVALID;
}

function toTimestamp(text: string): unknown {
  try {
    return parseTimestampMicros(text);
  } catch {
    return INVALID;
  }
}

function toJson(text: string): unknown {
  try {
    JSON.parse(text);
    return text;
  } catch {
    return INVALID;
  }
}

const CONVERTERS: Readonly<Record<CsvColumnType, CsvConverter>> = {
  string: (t) => t,
  integer: toInt32,
  bigint: toInt64,
  float: toFloat,
  boolean: toBool,
  date: toDate,
  timestamp: toTimestamp,
  timestamptz: toTimestamp,
  json: toJson,
};

/** The converter for a column type. Timestamps become microseconds since the epoch (UTC). */
export function converterFor(type: CsvColumnType): CsvConverter {
  return CONVERTERS[type];
}

/** The Arrow field of a column: see the README's type table. */
export function fieldFor(name: string, type: CsvColumnType): Field {
  const arrow: Record<CsvColumnType, () => DataType> = {
    string: () => new Utf8(),
    integer: () => new Int32(),
    bigint: () => new Int64(),
    float: () => new Float64(),
    boolean: () => new Bool(),
    date: () => new DateDay(),
    timestamp: () => new TimestampMicrosecond(),
    timestamptz: () => new TimestampMicrosecond('UTC'),
    json: () => new Utf8(),
  };
  return type === 'json' ? logicalField(name, arrow.json(), 'json') : new Field(name, arrow[type](), true);
}

/** The CSV column type of an Arrow field (the inverse of {@link fieldFor}; unknown types read as strings). */
export function columnTypeOf(field: Field): CsvColumnType {
  const t = field.type;
  switch (t.typeId) {
    case Type.Int:
      return (t as Int32 | Int64).bitWidth === 64 ? 'bigint' : 'integer';
    case Type.Float:
      return 'float';
    case Type.Bool:
      return 'boolean';
    case Type.Date:
      return 'date';
    case Type.Timestamp:
      return (t as TimestampMicrosecond).timezone ? 'timestamptz' : 'timestamp';
    default:
      return logicalTypeOf(field) === 'json' ? 'json' : 'string';
  }
}

/** The watermark type of a cursor column, or undefined when the type cannot be a cursor. */
export function watermarkTypeOf(type: CsvColumnType): WatermarkType | undefined {
  switch (type) {
    case 'integer':
    case 'bigint':
      return 'int';
    case 'float':
      return 'float';
    case 'date':
      return 'date';
    case 'timestamp':
    case 'timestamptz':
      return 'timestamp';
    case 'string':
      return 'string';
    default:
      return undefined;
  }
}

/**
 * A converted value as a key comparable with `watermarkJsValue()` of the same watermark type:
 * integers and timestamps as bigint/number, dates as days since the epoch, strings as is.
 */
export function cursorKey(value: unknown): bigint | number | string {
  if (value instanceof Date) return Math.floor(value.getTime() / 86_400_000);
  return value as bigint | number | string;
}
