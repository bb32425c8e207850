import { ConfigError } from '@sqlflow/core';

/** Double-quotes a SQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Single-quotes a SQL string literal. */
export function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** A table named `name` or `schema.name` (default schema `main`). */
export interface TableName {
  readonly schema: string;
  readonly name: string;
  /** `"schema"."name"` */
  readonly sql: string;
}

/** Parses `table`, `schema.table`, or quoted parts (`"my schema"."my.table"`). */
export function parseTableName(text: string): TableName {
  const parts: string[] = [];
  const re = /\s*(?:"((?:[^"]|"")*)"|([^."\s]+))\s*(\.|$)/y;
  let m: RegExpExecArray | null;
  while (re.lastIndex < text.length && (m = re.exec(text))) {
    parts.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]!);
    if (m[3] === '') break;
  }
  if (parts.length === 0 || parts.length > 2 || re.lastIndex < text.trim().length) {
    throw new ConfigError(`"${text}" is not a table name; use \`table\` or \`schema.table\` (quote parts with double quotes)`);
  }
  const [schema, name] = parts.length === 2 ? [parts[0]!, parts[1]!] : ['main', parts[0]!];
  return { schema, name, sql: `${quoteIdent(schema)}.${quoteIdent(name)}` };
}

/** A sibling table in the same schema (staging tables). */
export function siblingTable(table: TableName, name: string): TableName {
  return { schema: table.schema, name, sql: `${quoteIdent(table.schema)}.${quoteIdent(name)}` };
}
