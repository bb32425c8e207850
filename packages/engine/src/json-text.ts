import type { JS } from '@duckdb/node-api';

/**
 * JSON text of a nested DuckDB value converted to JS: 64-bit integers are written as JSON
 * numbers with every digit (not rounded through a double), dates as ISO strings, bytes as
 * `\xNN` escapes.
 */
export function jsonText(value: JS): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'bigint':
      return value.toString();
    case 'number':
      return Number.isFinite(value) ? String(value) : JSON.stringify(String(value));
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    default:
      break;
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (value instanceof Uint8Array) return JSON.stringify(Array.from(value, (b) => `\\x${b.toString(16).padStart(2, '0').toUpperCase()}`).join(''));
  if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`;
  return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v)}`).join(',')}}`;
}
