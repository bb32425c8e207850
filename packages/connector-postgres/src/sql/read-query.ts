import { ConfigError, StateError, type WatermarkValue } from '@sqlflow/core';
import type { ColumnInfo } from '../catalog/column-info';
import { type ColumnMapping, mapColumn } from '../catalog/type-mapping';
import type { FilterValue } from '../postgres-config';
import { BoundParameters } from './bound-parameters';
import { filterConditions, findColumn } from './filters';
import { qualifiedName, quoteIdent } from './identifiers';

/** What a read selects from: a table/view, or the user's own SELECT. */
export type ReadSource = { readonly kind: 'table'; readonly schema: string; readonly table: string } | { readonly kind: 'query'; readonly sql: string };

/** Everything needed to build a read. */
export interface ReadQueryInput {
  readonly stream: string;
  readonly source: ReadSource;
  readonly columns: readonly ColumnInfo[];
  readonly filters?: Readonly<Record<string, FilterValue>>;
  /** Incremental: order by this column and, with a lower bound, keep rows with cursor >= bound. */
  readonly cursorField?: string;
  readonly lowerBound?: WatermarkValue;
}

/** A planned read: the COPY statement, its parameters and the column mappings. */
export interface ReadQuery {
  readonly sql: string;
  readonly params: BoundParameters;
  readonly mappings: readonly ColumnMapping[];
  /** Index of the cursor column among `mappings`, for incremental reads. */
  readonly cursorIndex: number | undefined;
}

/** A user query without trailing semicolons and whitespace, so it can be wrapped. */
export function stripQuery(sql: string): string {
  return sql.replace(/[\s;]+$/, '');
}

function sourceSql(source: ReadSource): string {
  return source.kind === 'table' ? qualifiedName(source.schema, source.table) : `(${stripQuery(source.sql)}) as q`;
}

/** The text a watermark is bound as. */
export function watermarkText(w: WatermarkValue): string {
  return String(w.value);
}

/**
 * Builds `COPY (SELECT ... FROM <table | (query) AS q> WHERE <filters> [AND cursor >= bound]
 * [ORDER BY cursor]) TO STDOUT (FORMAT binary)`. Identifiers are quoted and checked against
 * the catalog; values are bound (see {@link BoundParameters}).
 */
export function buildReadQuery(input: ReadQueryInput): ReadQuery {
  const mappings = input.columns.map(mapColumn);
  const params = new BoundParameters();
  const where = filterConditions(input.filters, input.columns, params, input.stream);
  let cursorIndex: number | undefined;
  let orderBy = '';
  if (input.cursorField !== undefined) {
    const cursor = findColumn(input.columns, input.cursorField, 'cursor_field', input.stream);
    cursorIndex = input.columns.indexOf(cursor);
    const mapping = mappings[cursorIndex]!;
    if (!mapping.watermarkType) {
      throw new ConfigError(`postgres: \`cursor_field\` "${cursor.name}" is of type ${cursor.declaredType}; a cursor must be an integer, numeric, float, date, timestamp or text column`, {
        connector: 'postgres',
        parameter: 'cursor_field',
      });
    }
    if (input.lowerBound) {
      if (input.lowerBound.type !== mapping.watermarkType) {
        throw new StateError(`postgres: the stored watermark of \`${input.stream}\` is a ${input.lowerBound.type} but cursor "${cursor.name}" (${cursor.declaredType}) needs a ${mapping.watermarkType}; reset the stream's state`, {
          details: { stream: input.stream, cursorField: cursor.name },
        });
      }
      where.push(`${quoteIdent(cursor.name, 'cursor_field')} >= ${params.add(watermarkText(input.lowerBound), cursor.castType)}`);
    }
    orderBy = ` order by ${quoteIdent(cursor.name, 'cursor_field')}`;
  }
  const select = mappings
    .map((m) => {
      const col = quoteIdent(m.column.name, 'table');
      return m.selectCast ? `${col}::${m.selectCast} as ${col}` : col;
    })
    .join(', ');
  const whereSql = where.length > 0 ? ` where ${where.join(' and ')}` : '';
  const sql = `copy (select ${select} from ${sourceSql(input.source)}${whereSql}${orderBy}) to stdout (format binary)`;
  return { sql, params, mappings, cursorIndex };
}
