import { type DataType, DataType as DT } from 'apache-arrow';
import { DataError } from '../errors/error-classes';

const INT = /^[+-]?\d+$/;
const TRUE = new Set(['true', 't', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'f', 'no', 'n', '0']);

function fail(column: string, value: unknown, type: DataType): never {
  const shown = typeof value === 'string' ? `"${value.length > 60 ? `${value.slice(0, 60)}…` : value}"` : String(value);
  throw new DataError(`column \`${column}\`: cannot convert ${shown} to ${String(type)}`, { details: { column, type: String(type) } });
}

/**
 * Converts a plain value (as parsed from text, JSON or a driver) to what an Arrow builder of
 * `type` accepts. `null`/`undefined` pass through as null. Throws `DataError` naming the column.
 */
export function coerceValue(value: unknown, type: DataType, column: string): unknown {
  if (value === null || value === undefined) return null;
  if (DT.isInt(type)) {
    const wide = type.bitWidth === 64;
    if (typeof value === 'bigint') return wide ? value : Number(value);
    if (typeof value === 'number' && Number.isInteger(value)) return wide ? BigInt(value) : value;
    if (typeof value === 'string' && INT.test(value.trim())) return wide ? BigInt(value.trim()) : Number(value);
    if (typeof value === 'boolean') return wide ? BigInt(value ? 1 : 0) : value ? 1 : 0;
    return fail(column, value, type);
  }
  if (DT.isFloat(type)) {
    if (typeof value === 'number') return value;
    if (typeof value === 'bigint') return Number(value);
    if (typeof value === 'string') {
      const t = value.trim();
      const n = Number(t);
      if (t !== '' && !Number.isNaN(n)) return n;
      if (/^nan$/i.test(t)) return NaN;
      if (/^[+-]?inf(inity)?$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
    }
    return fail(column, value, type);
  }
  if (DT.isBool(type)) {
    if (typeof value === 'boolean') return value;
    const t = String(value).trim().toLowerCase();
    if (TRUE.has(t)) return true;
    if (FALSE.has(t)) return false;
    return fail(column, value, type);
  }
  if (DT.isUtf8(type) || DT.isLargeUtf8(type)) {
    if (typeof value === 'string') return value;
    if (value instanceof Date) return value.toISOString();
    if (typeof value === 'object') return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    return String(value);
  }
  if (DT.isDate(type)) {
    if (value instanceof Date) return value;
    if (typeof value === 'string') {
      const ms = Date.parse(value.trim().slice(0, 10));
      if (!Number.isNaN(ms)) return new Date(ms);
    }
    if (typeof value === 'number') return new Date(value);
    return fail(column, value, type);
  }
  if (DT.isBinary(type) || DT.isLargeBinary(type)) {
    if (value instanceof Uint8Array) return value;
    if (typeof value === 'string') return new TextEncoder().encode(value);
    return fail(column, value, type);
  }
  return value;
}
