import { ConfigError } from '@sqlflow/core';

/** Quotes an identifier for SQL (`my "col"` -> `"my ""col"""`); rejects NUL and empty names. */
export function quoteIdent(name: string, parameter = 'table'): string {
  if (name.length === 0 || name.includes('\u0000')) {
    throw new ConfigError(`postgres: \`${parameter}\` contains an empty name or a NUL character`, { connector: 'postgres', parameter });
  }
  return `"${name.replace(/"/g, '""')}"`;
}

/** `"schema"."table"`. */
export function qualifiedName(schema: string, table: string): string {
  return `${quoteIdent(schema, 'schema')}.${quoteIdent(table, 'table')}`;
}

/**
 * Splits a user-written table reference: `orders`, `sales.orders`, or quoted parts
 * (`"my.schema"."Orders"`). Returns undefined for the schema when none is given.
 */
export function splitTableName(text: string): { schema: string | undefined; table: string } {
  const parts: string[] = [];
  const re = /\s*(?:"((?:[^"]|"")*)"|([^."]+))\s*(\.|$)/gy;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while (consumed < text.length && (m = re.exec(text)) !== null) {
    parts.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]!.trim());
    consumed = re.lastIndex;
    if (m[3] === '') break;
  }
  if (consumed !== text.length || parts.length === 0 || parts.length > 2) return { schema: undefined, table: text };
  return parts.length === 2 ? { schema: parts[0], table: parts[1]! } : { schema: undefined, table: parts[0]! };
}
