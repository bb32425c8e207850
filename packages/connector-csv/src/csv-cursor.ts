import {
  ConfigError,
  lowerBound,
  maxWatermark,
  type ReadRequest,
  SchemaError,
  StateError,
  toWatermark,
  type WatermarkType,
  type WatermarkValue,
  watermarkJsValue,
} from '@sqlflow/core';
import { cursorKey, watermarkTypeOf } from './csv-column-types';
import type { CsvOptions } from './csv-config';
import type { CsvTable } from './csv-schema';

/** A comparable cursor value (see `cursorKey`). */
export type CursorKey = bigint | number | string;

/** How an incremental read filters rows and computes its next watermark. */
export interface CsvCursorPlan {
  readonly column: string;
  /** Index of the cursor column. */
  readonly index: number;
  readonly type: WatermarkType;
  /** Rows whose cursor is below this (or null) are left out; undefined keeps every row. */
  readonly bound: CursorKey | undefined;
  /** The same bound as a typed watermark (for native scans). */
  readonly lowerBound: WatermarkValue | undefined;
  /** The watermark the read started from. */
  readonly previous: WatermarkValue | undefined;
}

/**
 * Plans an incremental read: the cursor column (the request's, else `cursor_field`), its
 * watermark type, and the closed lower bound `watermark - lookback` (or `start_date` on a first
 * run). Returns undefined for full refreshes.
 */
export function planCursor(table: CsvTable, request: ReadRequest, options: CsvOptions): CsvCursorPlan | undefined {
  if (request.syncMode === 'cdc') {
    throw new ConfigError('csv: CSV files have no change feed; read with `full_refresh` or `incremental`', { connector: 'csv', parameter: 'sync_mode' });
  }
  if (request.syncMode !== 'incremental') return undefined;
  const column = request.cursorField ?? options.source.cursorField;
  if (!column) {
    throw new ConfigError('csv: an incremental read needs a cursor column; set `cursor_field`', { connector: 'csv', parameter: 'cursor_field' });
  }
  const index = table.names.indexOf(column);
  if (index < 0) {
    throw new SchemaError(`csv: \`cursor_field\` \`${column}\` is not a column of ${table.firstFile}; its columns are ${table.names.map((n) => `\`${n}\``).join(', ')}`, {
      details: { column },
    });
  }
  const columnType = table.types[index]!;
  const type = watermarkTypeOf(columnType);
  if (!type) {
    throw new ConfigError(`csv: \`cursor_field\` \`${column}\` is a ${columnType} column, which cannot order rows; use a timestamp, date, number or string column`, {
      connector: 'csv',
      parameter: 'cursor_field',
    });
  }
  const previous = request.watermark;
  if (previous) {
    if (previous.type !== type) {
      throw new StateError(`csv: the stored watermark of \`${column}\` is a ${previous.type} but the column reads as ${type}; reset the stream's state or declare the column's type in \`columns\``, {
        details: { column, watermarkType: previous.type, columnType: type },
      });
    }
    const lookback = request.lookbackWindow ?? options.source.lookbackWindow;
    const bound = lowerBound(previous, lookback);
    return { column, index, type, bound: watermarkJsValue(bound), lowerBound: bound, previous };
  }
  const start = options.source.startDate;
  if (start === undefined) return { column, index, type, bound: undefined, lowerBound: undefined, previous };
  if (type === 'int' || type === 'float') {
    throw new ConfigError(`csv: \`start_date\` needs a date or timestamp cursor, but \`${column}\` is numeric; remove \`start_date\``, { connector: 'csv', parameter: 'start_date' });
  }
  const bound = toWatermark(type, start);
  return { column, index, type, bound: watermarkJsValue(bound), lowerBound: bound, previous };
}

/** Tracks the largest cursor among emitted rows and turns it into the next watermark. */
export class CursorTracker {
  private max: CursorKey | undefined;

  constructor(private readonly plan: CsvCursorPlan) {}

  /** Whether a row with this converted cursor value passes the lower bound; records it if so. */
  accept(value: unknown): boolean {
    if (value === null) return this.plan.bound === undefined;
    const key = cursorKey(value);
    if (this.plan.bound !== undefined && !(key >= this.plan.bound)) return false;
    if (this.max === undefined ? key === key : key > this.max) this.max = key; // key === key skips NaN
    return true;
  }

  /** The watermark safe after every accepted row: the larger of their largest cursor and the starting one. */
  watermark(): WatermarkValue | undefined {
    return maxWatermark(this.plan.previous, this.max === undefined ? undefined : toWatermark(this.plan.type, this.max));
  }
}
