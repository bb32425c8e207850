import {
  type ConfigIssue,
  defineSpec,
  resolveSourceParameters,
  type SourceParameters,
  sourceParameterProperties,
  sourceParameterRules,
  type SourceParametersInput,
} from '@sqlflow/core';
import iconv from 'iconv-lite';
import { CSV_COLUMN_TYPES, type CsvColumnType } from './csv-column-types';

/** How input files are compressed: `auto` decides by the `.gz` extension. */
export type CsvCompression = 'auto' | 'gzip' | 'none';

/** What to do with a malformed row: stop with an error, or skip it and count it. */
export type CsvOnError = 'fail' | 'skip';

/** The CSV connector's parameters, as a user writes them (see the README's table). */
export interface CsvConfig extends SourceParametersInput {
  path: string;
  stream?: string;
  has_header?: boolean;
  column_names?: string[];
  delimiter?: string;
  quote_char?: string;
  escape_char?: string;
  encoding?: string;
  null_values?: string[];
  columns?: Record<string, CsvColumnType>;
  infer_rows?: number;
  compression?: CsvCompression;
  on_error?: CsvOnError;
  max_errors?: number;
  skip_rows?: number;
  comment_char?: string;
  batch_size?: number;
}

const ownRules: ReadonlyArray<(c: CsvConfig) => ConfigIssue | undefined> = [
  (c) =>
    c.sync_mode === 'cdc'
      ? { parameter: 'sync_mode', message: '`sync_mode` `cdc` is not available for CSV files; use `full_refresh` or `incremental` with a `cursor_field`' }
      : undefined,
  (c) =>
    c.encoding && !iconv.encodingExists(c.encoding)
      ? { parameter: 'encoding', message: `\`encoding\` "${c.encoding}" is not a known encoding; use e.g. "utf-8", "latin1", "windows-1252" or "utf-16le"` }
      : undefined,
  (c) =>
    c.delimiter !== undefined && c.delimiter !== null && c.delimiter.length === 0
      ? { parameter: 'delimiter', message: '`delimiter` must not be empty; use e.g. "," or ";" or "\\t"' }
      : undefined,
  (c) =>
    c.column_names && c.columns && Object.keys(c.columns).some((k) => !c.column_names!.includes(k))
      ? { parameter: 'columns', message: `\`columns\` types ${Object.keys(c.columns).filter((k) => !c.column_names!.includes(k)).map((k) => `\`${k}\``).join(', ')}, not among \`column_names\`; use the names listed there` }
      : undefined,
  (c) =>
    c.on_error !== 'skip' && c.max_errors !== undefined && c.max_errors !== null
      ? { parameter: 'max_errors', message: '`max_errors` only applies with `"on_error": "skip"`; set it or remove `max_errors`' }
      : undefined,
];

/**
 * The one JSON Schema of the CSV connector's configuration (source and destination), with
 * legacy aliases, defaults and cross-field rules; the shared source parameters are spread in.
 */
export const csvSpec = defineSpec<CsvConfig>({
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['path'],
    properties: {
      path: {
        type: 'string',
        minLength: 1,
        description: 'Source: a file or a glob (`data/*.csv.gz`), read in sorted path order. Destination: the output file (`.gz` compresses).',
        'x-aliases': ['file', 'file_path', 'filename'],
        'x-path': true,
        'x-example': 'data/orders_*.csv',
      },
      stream: {
        type: 'string',
        nullable: true,
        description: 'Stream name; default: the file name without extensions for a single file, else `csv`.',
        'x-aliases': ['stream_name', 'table_name'],
      },
      has_header: {
        type: 'boolean',
        nullable: true,
        default: true,
        description: 'Whether the first row (after `skip_rows`) holds column names. Without a header, columns are `column_1..n` or `column_names`.',
        'x-aliases': ['header'],
      },
      column_names: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        nullable: true,
        description: 'Column names to use instead of the header (or for files without one); must match the number of columns.',
      },
      delimiter: {
        type: 'string',
        nullable: true,
        default: ',',
        description: 'Field separator, one or more characters.',
        'x-aliases': ['delim', 'separator', 'sep'],
      },
      quote_char: {
        type: 'string',
        nullable: true,
        maxLength: 1,
        default: '"',
        description: 'Character that quotes fields containing delimiters or newlines; `""` turns quoting off.',
        'x-aliases': ['quote', 'quotechar'],
      },
      escape_char: {
        type: 'string',
        nullable: true,
        minLength: 1,
        maxLength: 1,
        description: 'Character that escapes a quote inside a quoted field; default: the quote character itself (`""`).',
        'x-aliases': ['escape', 'escapechar'],
      },
      encoding: {
        type: 'string',
        nullable: true,
        default: 'utf-8',
        description: 'Text encoding of the files: any iconv-lite encoding (`utf-8`, `latin1`, `windows-1252`, `utf-16le`, ...). A UTF-8 byte-order mark is dropped.',
        'x-aliases': ['charset', 'file_encoding'],
      },
      null_values: {
        type: 'array',
        items: { type: 'string' },
        nullable: true,
        default: [''],
        description: 'Field texts read as NULL (compared before type conversion). The destination writes NULL as the first one.',
        'x-aliases': ['null_strings', 'na_values'],
      },
      columns: {
        type: 'object',
        nullable: true,
        required: [],
        additionalProperties: { type: 'string', enum: [...CSV_COLUMN_TYPES] },
        description: `Explicit column types by name: ${CSV_COLUMN_TYPES.join(', ')}. Columns not listed are inferred.`,
        'x-aliases': ['column_types', 'schema'],
        'x-example': { id: 'bigint', amount: 'float', updated_at: 'timestamptz' },
      },
      infer_rows: {
        type: 'integer',
        nullable: true,
        minimum: 0,
        default: 1000,
        description: 'Rows of the first file sampled to infer the types of columns not in `columns`; 0 reads them as strings.',
        'x-aliases': ['sample_size', 'infer_schema_length'],
      },
      compression: {
        type: 'string',
        enum: ['auto', 'gzip', 'none'],
        nullable: true,
        default: 'auto',
        description: '`auto` decompresses files ending in `.gz`; `gzip` always; `none` never.',
      },
      on_error: {
        type: 'string',
        enum: ['fail', 'skip'],
        nullable: true,
        default: 'fail',
        description: 'Malformed rows (wrong column count, bad quoting, a value not of its column type): `fail` stops with file:line; `skip` skips and counts them.',
        'x-aliases': ['error_handling', 'on_bad_lines'],
      },
      max_errors: {
        type: 'integer',
        nullable: true,
        minimum: 0,
        description: 'With `"on_error": "skip"`, fail once more than this many rows were skipped in the whole read.',
      },
      skip_rows: {
        type: 'integer',
        nullable: true,
        minimum: 0,
        default: 0,
        description: 'Lines to ignore at the top of each file, before the header.',
        'x-aliases': ['skip_lines', 'skiprows'],
      },
      comment_char: {
        type: 'string',
        nullable: true,
        minLength: 1,
        maxLength: 1,
        description: 'Lines starting with this character are ignored.',
        'x-aliases': ['comment'],
      },
      batch_size: {
        type: 'integer',
        nullable: true,
        minimum: 1,
        default: 10_000,
        description: 'Rows per Arrow batch (batches are also cut at 16 MiB).',
        'x-aliases': ['chunk_size'],
      },
      ...sourceParameterProperties,
    },
  },
  rules: [...ownRules, ...sourceParameterRules],
});

/** The configuration with every default applied, as the reader and writer use it. */
export interface CsvOptions {
  readonly path: string;
  readonly stream: string | undefined;
  readonly hasHeader: boolean;
  readonly columnNames: readonly string[] | undefined;
  readonly delimiter: string;
  readonly quoteChar: string;
  readonly escapeChar: string | undefined;
  /** Normalised: `utf8` for any spelling of UTF-8. */
  readonly encoding: string;
  readonly nullValues: readonly string[];
  readonly columns: Readonly<Record<string, CsvColumnType>>;
  readonly inferRows: number;
  readonly compression: CsvCompression;
  readonly onError: CsvOnError;
  readonly maxErrors: number | undefined;
  readonly skipRows: number;
  readonly commentChar: string | undefined;
  readonly batchSize: number;
  readonly source: SourceParameters;
}

/** Applies defaults to a configuration already validated by {@link csvSpec}. */
export function resolveCsvOptions(c: CsvConfig): CsvOptions {
  const encoding = (c.encoding ?? 'utf-8').toLowerCase();
  return {
    path: c.path,
    stream: c.stream ?? undefined,
    hasHeader: c.has_header ?? true,
    columnNames: c.column_names ?? undefined,
    delimiter: c.delimiter ?? ',',
    quoteChar: c.quote_char ?? '"',
    escapeChar: c.escape_char ?? undefined,
    encoding: encoding === 'utf-8' || encoding === 'utf8' ? 'utf8' : encoding,
    nullValues: c.null_values ?? [''],
    columns: c.columns ?? {},
    inferRows: c.infer_rows ?? 1000,
    compression: c.compression ?? 'auto',
    onError: c.on_error ?? 'fail',
    maxErrors: c.max_errors ?? undefined,
    skipRows: c.skip_rows ?? 0,
    commentChar: c.comment_char ?? undefined,
    batchSize: c.batch_size ?? 10_000,
    source: resolveSourceParameters(c),
  };
}
