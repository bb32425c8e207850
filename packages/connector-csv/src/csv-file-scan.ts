import type { FileScan, ReadRequest } from '@sqlflow/core';
import type { CsvOptions } from './csv-config';
import { planCursor } from './csv-cursor';
import { isGzipped, readCsvRecords } from './csv-record-stream';
import { assertSameHeader, type CsvTable } from './csv-schema';

/**
 * Why a read cannot be handed to a native CSV scan, or undefined when it can: the options and
 * column types for which DuckDB's `read_csv` yields what `readCsvBatches` yields (see the
 * README, "Native scans").
 */
export function fileScanObstacle(files: readonly string[], table: CsvTable, options: CsvOptions): string | undefined {
  if (options.encoding !== 'utf8' && options.encoding !== 'ascii') return `encoding ${options.encoding} is not UTF-8`;
  if (options.onError !== 'fail') return '`on_error` is `skip`';
  if (options.quoteChar.length !== 1) return 'quoting is off';
  if (options.delimiter.length !== 1) return 'the delimiter has several characters';
  if (options.commentChar !== undefined) return '`comment_char` is set';
  if (options.nullValues.length === 0) return '`null_values` is empty';
  if (table.names.length < 2) return 'a single-column file reads blank lines as NULL in DuckDB but skips them here';
  if (table.types.includes('json')) return 'DuckDB accepts JSON texts (NaN, Infinity) that JSON.parse rejects';
  if (new Set(files.map((f) => isGzipped(f, options.compression))).size > 1) return 'the files mix gzipped and plain ones';
  return undefined;
}

/**
 * The native scan equivalent to `read(request)`, or undefined when {@link fileScanObstacle}
 * finds a reason it would not be. Checks every file's header against the first file's, as
 * `read` would (throwing the same `SchemaError`), so that DuckDB can skip headers unread.
 */
export async function planCsvFileScan(files: readonly string[], table: CsvTable, options: CsvOptions, request: ReadRequest): Promise<FileScan | undefined> {
  if (fileScanObstacle(files, table, options)) return undefined;
  const plan = planCursor(table, request, options);
  if (plan?.type === 'float') return undefined; // NaN orders differently in DuckDB
  if (options.hasHeader) {
    for (const file of files.slice(1)) {
      for await (const record of readCsvRecords(file, options, { signal: request.signal })) {
        assertSameHeader(table, file, record.values);
        break;
      }
    }
  }
  const lowerBound = plan?.lowerBound;
  return {
    format: 'csv',
    paths: [...files],
    schema: table.schema,
    csv: {
      delimiter: options.delimiter,
      quote: options.quoteChar,
      escape: options.escapeChar ?? options.quoteChar,
      header: options.hasHeader,
      skipRows: options.skipRows,
      nullValues: [...options.nullValues],
      compression: isGzipped(files[0]!, options.compression) ? 'gzip' : 'none',
      columnNames: [...table.names],
    },
    ...(plan ? { cursor: { field: plan.column, ...(lowerBound ? { lowerBound } : {}) } } : {}),
  };
}
