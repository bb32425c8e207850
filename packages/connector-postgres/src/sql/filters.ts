import { ConfigError, suggest } from '@sqlflow/core';
import type { ColumnInfo } from '../catalog/column-info';
import type { FilterValue } from '../postgres-config';
import { arrayLiteral, type BoundParameters } from './bound-parameters';
import { quoteIdent } from './identifiers';

const OPERATORS = new Set(['=', '!=', '<>', '<', '<=', '>', '>=']);
const TEXT_OPERATOR = /^\s*(>=|<=|<>|!=|=|>|<)\s*(.*?)\s*$/s;

function configError(message: string): ConfigError {
  return new ConfigError(`postgres: ${message}`, { connector: 'postgres', parameter: 'filters' });
}

/** Looks a column up by exact name; unknown names fail with a suggestion. */
export function findColumn(columns: readonly ColumnInfo[], name: string, parameter: string, stream: string): ColumnInfo {
  const column = columns.find((c) => c.name === name);
  if (column) return column;
  const hint = suggest(name, columns.map((c) => c.name));
  throw new ConfigError(`postgres: \`${parameter}\` names column "${name}", which stream \`${stream}\` does not have${hint ? `; did you mean "${hint}"?` : `; its columns are: ${columns.map((c) => c.name).join(', ')}`}`, {
    connector: 'postgres',
    parameter,
  });
}

function comparison(column: ColumnInfo, op: string, value: string | number | boolean | null, params: BoundParameters): string {
  const col = quoteIdent(column.name, 'filters');
  if (!OPERATORS.has(op)) throw configError(`filter on "${column.name}": unknown operator "${op}"; use one of ${[...OPERATORS].join(' ')}`);
  if (value === null) {
    if (op === '=') return `${col} is null`;
    if (op === '!=' || op === '<>') return `${col} is not null`;
    throw configError(`filter on "${column.name}": "${op}" cannot compare with null; use {"=": null} or {"!=": null}`);
  }
  return `${col} ${op === '!=' ? '<>' : op} ${params.add(String(value), column.castType)}`;
}

function textComparison(text: string): { op: string; value: string | null } | undefined {
  const m = TEXT_OPERATOR.exec(text);
  if (!m) return undefined;
  const raw = m[2]!;
  return { op: m[1]!, value: /^null$/i.test(raw) ? null : raw.replace(/^'(.*)'$/s, '$1') };
}

/**
 * SQL conditions for the `filters` parameter (ANDed by the caller). Column names must exist;
 * every value is a bound parameter. Forms: scalar (=), list (IN), null (IS NULL), text with a
 * leading operator (`">= 300"`, `"!= null"`), or an object of operators (`{">": 1, "<": 5}`).
 */
export function filterConditions(filters: Readonly<Record<string, FilterValue>> | undefined, columns: readonly ColumnInfo[], params: BoundParameters, stream: string): string[] {
  const out: string[] = [];
  for (const [name, spec] of Object.entries(filters ?? {})) {
    const column = findColumn(columns, name, 'filters', stream);
    const col = quoteIdent(column.name, 'filters');
    if (spec === null) out.push(`${col} is null`);
    else if (Array.isArray(spec)) {
      out.push(spec.length === 0 ? 'false' : `${col} = any(${params.add(arrayLiteral(spec.map(String)), `${column.castType}[]`)})`);
    } else if (typeof spec === 'object') {
      const ops = Object.entries(spec);
      if (ops.length === 0) throw configError(`filter on "${name}" is an empty object; give operators such as {">=": 300}`);
      for (const [op, value] of ops) out.push(comparison(column, op.trim(), value, params));
    } else if (typeof spec === 'string') {
      const parsed = textComparison(spec);
      out.push(parsed ? comparison(column, parsed.op, parsed.value, params) : comparison(column, '=', spec, params));
    } else out.push(comparison(column, '=', spec, params));
  }
  return out;
}
