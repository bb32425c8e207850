import { type Field, DataType as DT, type Timestamp } from 'apache-arrow';
import {
  ConfigError,
  lowerBound,
  parseDateDays,
  parseTimestampMicros,
  SchemaError,
  StateError,
  toWatermark,
  type WatermarkType,
  type WatermarkValue,
  watermarkJsValue,
} from '@sqlflow/core';
import { timestampMicros } from '../schema/batch-conform';
import { LAST_MODIFIED_COLUMN } from '../schema/arrow-types';

/** A comparable cursor value: bigint (ints, timestamps in µs), number (floats, dates in days) or text. */
export type CursorKey = bigint | number | string;

/**
 * How an incremental read selects and orders files: `object` cursors (`_s3_last_modified`,
 * partition columns) hold one value per file, so whole files are skipped and each file's end is
 * a safe point; `row` cursors are data columns, filtered row by row, watermark at the end.
 */
export interface CursorPlan {
  readonly column: string;
  readonly kind: 'object' | 'row';
  readonly type: WatermarkType;
  readonly bound: CursorKey | undefined;
  readonly previous: WatermarkValue | undefined;
}

/** What an incremental read asks for, before the columns are known. */
export interface CursorRequest {
  readonly column: string;
  readonly watermark: WatermarkValue | undefined;
  readonly lookback: number;
  readonly startDate: string | undefined;
}

/** The watermark type of an Arrow column, or undefined when it cannot order rows. */
export function watermarkTypeOfField(field: Field): WatermarkType | undefined {
  const t = field.type;
  if (DT.isInt(t)) return 'int';
  if (DT.isFloat(t)) return 'float';
  if (DT.isTimestamp(t)) return 'timestamp';
  if (DT.isDate(t)) return 'date';
  if (DT.isUtf8(t) || DT.isLargeUtf8(t)) return 'string';
  return undefined;
}

/**
 * Resolves the cursor against the stream's columns: its watermark type, and the closed lower
 * bound `watermark - lookback` (or `start_date` on a first run).
 */
export function planCursor(request: CursorRequest, field: Field | undefined, objectLevel: boolean): CursorPlan {
  const { column } = request;
  if (!field) {
    throw new SchemaError(`s3: \`cursor_field\` \`${column}\` is not a column of the stream; use \`${LAST_MODIFIED_COLUMN}\` (object LastModified), a partition column, or a data column`, {
      details: { column },
    });
  }
  const type = watermarkTypeOfField(field);
  if (!type) {
    throw new ConfigError(`s3: \`cursor_field\` \`${column}\` is a ${String(field.type)} column, which cannot order rows; use a timestamp, date, number or string column`, {
      connector: 's3',
      parameter: 'cursor_field',
    });
  }
  const kind = objectLevel ? 'object' : 'row';
  const previous = request.watermark;
  if (previous) {
    if (previous.type !== type) {
      throw new StateError(`s3: the stored watermark of \`${column}\` is a ${previous.type} but the column reads as ${type}; reset the stream's state`, {
        details: { column, watermarkType: previous.type, columnType: type },
      });
    }
    return { column, kind, type, bound: watermarkJsValue(lowerBound(previous, request.lookback)), previous };
  }
  if (request.startDate === undefined) return { column, kind, type, bound: undefined, previous };
  if (type !== 'timestamp' && type !== 'date') {
    throw new ConfigError(`s3: \`start_date\` needs a date or timestamp cursor, but \`${column}\` is ${type}; remove \`start_date\``, { connector: 's3', parameter: 'start_date' });
  }
  return { column, kind, type, bound: watermarkJsValue(toWatermark(type, request.startDate)), previous };
}

/** A cursor value as the builder or a partition holds it, made comparable with the plan's bound. */
export function cursorKeyOf(value: unknown, type: WatermarkType): CursorKey | null {
  if (value === null || value === undefined || value === '') return null;
  switch (type) {
    case 'int':
      return typeof value === 'bigint' ? value : BigInt(String(value).trim());
    case 'float':
      return Number(value);
    case 'timestamp':
      if (typeof value === 'bigint') return value;
      if (value instanceof Date) return BigInt(value.getTime()) * 1000n;
      if (typeof value === 'number') return BigInt(Math.round(value * 1000));
      return parseTimestampMicros(String(value));
    case 'date':
      if (value instanceof Date) return Math.floor(value.getTime() / 86_400_000);
      if (typeof value === 'number') return Math.floor(value / 86_400_000);
      return parseDateDays(String(value).slice(0, 10));
    case 'string':
      return String(value);
  }
}

/** The cursor key of row `row` of an Arrow column (timestamps exact to the microsecond). */
export function vectorCursorKey(data: { type: DT; values: unknown; getValid(i: number): boolean }, row: number, get: () => unknown, type: WatermarkType): CursorKey | null {
  if (!data.getValid(row)) return null;
  if (type === 'timestamp' && DT.isTimestamp(data.type)) return timestampMicros((data.values as BigInt64Array)[row]!, data.type as Timestamp);
  if (type === 'date' && DT.isDate(data.type) && data.type.unit === 0) return (data.values as Int32Array)[row]!;
  return cursorKeyOf(get(), type);
}

/** Whether a key passes the closed lower bound (nulls pass only without one). */
export function passes(key: CursorKey | null, bound: CursorKey | undefined): boolean {
  if (key === null) return bound === undefined;
  return bound === undefined || key >= bound;
}

/** The watermark of a cursor key. */
export function watermarkOf(type: WatermarkType, key: CursorKey): WatermarkValue {
  if (type === 'date') return toWatermark('date', key as number);
  return toWatermark(type, key);
}
