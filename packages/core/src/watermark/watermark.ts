import { StateError } from '../errors/error-classes';
import { formatDateDays, formatTimestampMicros, parseDateDays, parseTimestampMicros } from './timestamp';

/**
 * A cursor position that keeps its type. Integers are decimal strings so that 64-bit values
 * survive JSON; timestamps are UTC ISO-8601 strings with microseconds.
 */
export type WatermarkValue =
  | { readonly type: 'int'; readonly value: string }
  | { readonly type: 'float'; readonly value: number }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'timestamp'; readonly value: string }
  | { readonly type: 'date'; readonly value: string };

/** The kind of a watermark. */
export type WatermarkType = WatermarkValue['type'];

/** Builds a typed watermark from a cursor value as a connector holds it. */
export function toWatermark(type: WatermarkType, value: unknown): WatermarkValue {
  switch (type) {
    case 'int':
      return { type, value: BigInt(value as string | number | bigint).toString() };
    case 'float':
      return { type, value: Number(value) };
    case 'string':
      return { type, value: String(value) };
    case 'timestamp':
      return { type, value: formatTimestampMicros(timestampMicrosOf(value)) };
    case 'date':
      return { type, value: formatDateDays(typeof value === 'number' ? value : parseDateDays(dateText(value))) };
  }
}

function dateText(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

function timestampMicrosOf(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return BigInt(Math.round(value * 1000));
  if (value instanceof Date) return BigInt(value.getTime()) * 1000n;
  return parseTimestampMicros(String(value));
}

/** Negative, zero or positive as `a` is before, equal to or after `b`. Both must share a type. */
export function compareWatermarks(a: WatermarkValue, b: WatermarkValue): number {
  if (a.type !== b.type) {
    throw new StateError(`Cannot compare a ${a.type} watermark with a ${b.type} watermark`, {
      details: { left: a.type, right: b.type },
    });
  }
  switch (a.type) {
    case 'int': {
      const d = BigInt(a.value) - BigInt(b.value as string);
      return d < 0n ? -1 : d > 0n ? 1 : 0;
    }
    case 'float':
      return a.value - (b.value as number);
    case 'timestamp': {
      const d = parseTimestampMicros(a.value) - parseTimestampMicros(b.value as string);
      return d < 0n ? -1 : d > 0n ? 1 : 0;
    }
    case 'date':
    case 'string':
      return a.value < (b.value as string) ? -1 : a.value > (b.value as string) ? 1 : 0;
  }
}

/** The later of two watermarks (either may be undefined). */
export function maxWatermark(a: WatermarkValue | undefined, b: WatermarkValue | undefined): WatermarkValue | undefined {
  if (!a) return b;
  if (!b) return a;
  return compareWatermarks(a, b) >= 0 ? a : b;
}

/**
 * The inclusive lower bound of an incremental read: the watermark moved back by the lookback
 * window (seconds for timestamps and dates, cursor units for numbers; strings have none).
 */
export function lowerBound(watermark: WatermarkValue, lookbackWindow = 0): WatermarkValue {
  if (!lookbackWindow) return watermark;
  switch (watermark.type) {
    case 'int':
      return { type: 'int', value: (BigInt(watermark.value) - BigInt(Math.ceil(lookbackWindow))).toString() };
    case 'float':
      return { type: 'float', value: watermark.value - lookbackWindow };
    case 'timestamp':
      return {
        type: 'timestamp',
        value: formatTimestampMicros(parseTimestampMicros(watermark.value) - BigInt(Math.round(lookbackWindow * 1e6))),
      };
    case 'date':
      return { type: 'date', value: formatDateDays(parseDateDays(watermark.value) - Math.ceil(lookbackWindow / 86_400)) };
    case 'string':
      return watermark;
  }
}

/** Checks that an unknown value (from JSON state) is a well-formed watermark. */
export function isWatermarkValue(value: unknown): value is WatermarkValue {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { type?: unknown; value?: unknown };
  switch (v.type) {
    case 'float':
      return typeof v.value === 'number';
    case 'int':
      return typeof v.value === 'string' && /^-?\d+$/.test(v.value);
    case 'string':
    case 'timestamp':
    case 'date':
      return typeof v.value === 'string';
    default:
      return false;
  }
}

/** The JS value of a watermark for comparisons against cursor columns. */
export function watermarkJsValue(w: WatermarkValue): bigint | number | string {
  switch (w.type) {
    case 'int':
      return BigInt(w.value);
    case 'float':
      return w.value;
    case 'timestamp':
      return parseTimestampMicros(w.value);
    case 'date':
      return parseDateDays(w.value);
    case 'string':
      return w.value;
  }
}
