import type { Schema } from 'apache-arrow';
import type { WatermarkValue } from '../watermark/watermark';

/** How a CSV file scan parses its files; every option spelled out, nothing left to sniffing. */
export interface CsvScanOptions {
  /** Field separator (one character). */
  readonly delimiter: string;
  /** Quote character (one character). */
  readonly quote: string;
  /** Character that escapes a quote inside a quoted field (often the quote itself). */
  readonly escape: string;
  /** Whether the first line (after `skipRows`) is a header to skip. */
  readonly header: boolean;
  /** Lines ignored at the top of each file, before the header. */
  readonly skipRows: number;
  /** Field texts read as NULL, compared before type conversion. */
  readonly nullValues: readonly string[];
  /** Lines starting with this character are ignored. */
  readonly comment?: string;
  readonly compression: 'gzip' | 'none' | 'auto';
  /** Column names in file order (the schema's names when absent). */
  readonly columnNames?: readonly string[];
}

/** The incremental side of a file scan: only rows whose cursor is at or above `lowerBound`. */
export interface FileScanCursor {
  readonly field: string;
  /** Closed lower bound; rows with a NULL cursor are left out when it is set. Absent: every row. */
  readonly lowerBound?: WatermarkValue;
}

/**
 * A native file scan a runner may execute instead of `read()`: a session's promise that scanning
 * `paths` with these options yields exactly the rows and types `read(request)` would (same
 * columns, same values, same row order, same cursor filter). A connector returns one only when
 * it can keep that promise; the runner then loads the files with its own reader (DuckDB's
 * `read_csv`/`read_parquet`) and computes the watermark as the largest cursor it loaded.
 */
export interface FileScan {
  readonly format: 'csv' | 'parquet' | 'json';
  /** Absolute local file paths, globs already expanded, in read order (sorted). */
  readonly paths: readonly string[];
  /** The exact output schema, as `discover()` reports it; the runner reads with these types. */
  readonly schema: Schema;
  /** Parsing options; required when `format` is `csv`. */
  readonly csv?: CsvScanOptions;
  readonly cursor?: FileScanCursor;
}
