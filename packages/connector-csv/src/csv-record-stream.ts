import { createReadStream } from 'node:fs';
import { pipeline, type Readable, type Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { AbortedError, DataError, NotFoundError } from '@sqlflow/core';
import { CsvError, type Options as ParseOptions, parse } from 'csv-parse';
import iconv from 'iconv-lite';
import type { CsvOptions } from './csv-config';

/** One parsed CSV record: its fields as text and the line it ends on (1-based). */
export interface CsvRecord {
  readonly values: string[];
  readonly line: number;
}

/** A record the parser could not read (bad quoting), reported when `on_error` is `skip`. */
export interface CsvParseProblem {
  readonly line: number;
  readonly message: string;
}

/** What {@link readCsvRecords} needs besides the file. */
export interface CsvRecordOptions {
  /** Called for each unparseable record when `on_error` is `skip` (the record is dropped). */
  readonly onParseProblem?: (problem: CsvParseProblem) => void;
  readonly signal?: AbortSignal;
}

/** Whether a file is read through gunzip under the `compression` setting. */
export function isGzipped(file: string, compression: CsvOptions['compression']): boolean {
  return compression === 'gzip' || (compression === 'auto' && /\.gz$/i.test(file));
}

/** The 1-based line a record starts on: its last line minus the newlines inside its fields. */
export function recordStartLine(record: CsvRecord): number {
  let newlines = 0;
  for (const v of record.values) for (let i = v.indexOf('\n'); i >= 0; i = v.indexOf('\n', i + 1)) newlines++;
  return record.line - newlines;
}

/**
 * Streams the records of one file: read stream -> gunzip (if compressed) -> decoder (if not
 * UTF-8) -> csv-parse. Back-pressure holds memory to a few chunks; every stream is destroyed
 * (and the file handle closed) when iteration ends, fails or is aborted. Rows with the wrong
 * number of fields are passed through (the caller checks them); parse failures throw
 * `DataError` with `file:line`, or go to `onParseProblem` when `on_error` is `skip`.
 */
export async function* readCsvRecords(file: string, options: CsvOptions, hooks: CsvRecordOptions = {}): AsyncGenerator<CsvRecord> {
  const quote = options.quoteChar === '' ? false : options.quoteChar;
  const parseOptions: ParseOptions<CsvRecord, string[]> = {
    delimiter: options.delimiter,
    quote,
    escape: quote === false ? null : options.escapeChar ?? quote,
    comment: options.commentChar,
    comment_no_infix: options.commentChar !== undefined,
    from_line: options.skipRows + 1,
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: options.onError === 'skip',
    on_skip: (err) => {
      if (err) hooks.onParseProblem?.({ line: Number(err.lines ?? 0), message: err.message });
      return undefined;
    },
    on_record: (values, context) => ({ values, line: context.lines }),
  };
  const parser = parse(parseOptions as unknown as ParseOptions);
  const input = createReadStream(file);
  const stages: Array<Readable | Transform | NodeJS.ReadWriteStream> = [input];
  if (isGzipped(file, options.compression)) stages.push(createGunzip({ chunkSize: 64 * 1024 }));
  if (options.encoding !== 'utf8') stages.push(iconv.decodeStream(options.encoding));
  stages.push(parser);
  pipeline(stages as unknown as [Readable, Transform], () => undefined);

  const signal = hooks.signal;
  const onAbort = (): void => void parser.destroy(new AbortedError(`csv: reading ${file} was aborted`, { cause: signal?.reason }));
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (signal?.aborted) onAbort();
    for await (const record of parser as AsyncIterable<CsvRecord>) yield record;
  } catch (e) {
    throw explain(e, file, options);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    for (const s of stages) (s as Readable).destroy();
  }
}

function explain(error: unknown, file: string, options: CsvOptions): unknown {
  if (error instanceof AbortedError) return error;
  if (error instanceof CsvError) {
    const line = (error as CsvError & { lines?: number }).lines ?? 0;
    return new DataError(`${file}:${line}: ${error.message} (set "on_error": "skip" to skip such rows)`, { cause: error, location: `${file}:${line}` });
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return new NotFoundError(`csv: file ${file} not found`, { cause: error, details: { file } });
  if (code === 'EACCES' || code === 'EPERM') return new NotFoundError(`csv: cannot read ${file}: permission denied`, { cause: error, details: { file } });
  if (typeof code === 'string' && code.startsWith('Z_')) {
    const hint = options.compression === 'gzip' ? 'set "compression": "none" or "auto"' : 'rename it without `.gz` or set "compression": "none"';
    return new DataError(`${file}: not a valid gzip file (${(error as Error).message}); ${hint}`, { cause: error, location: file });
  }
  return error;
}
