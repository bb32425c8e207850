import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Readable, type Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { ConfigError, SchemaError, throwIfAborted, type WriteRequest, type WriteResult } from '@sqlflow/core';
import type { RecordBatch, Schema } from 'apache-arrow';
import { stringify } from 'csv-stringify/sync';
import iconv from 'iconv-lite';
import type { CsvOptions } from './csv-config';
import { isGzipped, readCsvRecords } from './csv-record-stream';
import { formatterFor } from './csv-value-format';

/**
 * Writes a stream's batches to the CSV file at `path` (gzip when it ends in `.gz` or
 * `compression` is `gzip`), with the configured delimiter, quote, encoding and the first
 * `null_values` entry for NULL. `overwrite` writes a temporary file beside the target and
 * renames it over the target at the end, so a failure leaves the old file; `append` adds rows
 * (no second header) after checking the existing header; `append_dedup` is refused.
 */
export async function writeCsvFile(options: CsvOptions, request: WriteRequest, cwd: string): Promise<WriteResult> {
  if (request.mode === 'append_dedup') {
    throw new ConfigError('csv: a CSV file cannot be deduplicated by key (`append_dedup`); use `append` or `overwrite`, or load into DuckDB or PostgreSQL for upserts', {
      connector: 'csv',
      parameter: 'destination_sync_mode',
    });
  }
  const target = resolve(cwd, options.path);
  const names = request.schema.fields.map((f) => f.name);
  let header = options.hasHeader;
  let file = target;
  if (request.mode === 'append') {
    const existing = await existingHeader(target, options, request.signal);
    if (existing !== undefined) {
      header = false;
      if (options.hasHeader && existing.join('\u0000') !== names.join('\u0000')) {
        throw new SchemaError(`csv: cannot append to ${target}: its header (${existing.join(', ')}) differs from the stream's columns (${names.join(', ')}); write to a new file or use \`overwrite\``, {
          details: { file: target, existing, columns: names },
        });
      }
    }
  } else {
    file = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  }

  const counter = { rows: 0 };
  const stages: Array<Transform | NodeJS.ReadWriteStream> = [];
  if (options.encoding !== 'utf8') stages.push(iconv.encodeStream(options.encoding));
  if (isGzipped(target, options.compression)) stages.push(createGzip());
  const out = createWriteStream(file, { flags: request.mode === 'append' ? 'a' : 'w' });
  try {
    const text = Readable.from(csvChunks(request, options, header ? names : undefined, counter));
    await pipeline([text, ...stages, out] as unknown as [Readable, Writable], { signal: request.signal });
    if (file !== target) await rename(file, target);
  } catch (e) {
    if (file !== target) await unlink(file).catch(() => undefined);
    throw e;
  }
  return { rows: counter.rows, bytes: out.bytesWritten, locations: [target] };
}

async function* csvChunks(request: WriteRequest, options: CsvOptions, header: string[] | undefined, counter: { rows: number }): AsyncGenerator<string> {
  const settings = {
    delimiter: options.delimiter,
    quote: options.quoteChar === '' ? false : options.quoteChar,
    escape: options.escapeChar ?? (options.quoteChar || '"'),
    record_delimiter: 'unix' as const,
  };
  if (header) yield stringify([header], settings);
  for await (const batch of request.batches) {
    throwIfAborted(request.signal);
    yield stringify(rowsOf(batch, request.schema, options.nullValues[0] ?? ''), settings);
    counter.rows += batch.numRows;
  }
}

function rowsOf(batch: RecordBatch, schema: Schema, nullText: string): string[][] {
  const formatters = schema.fields.map(formatterFor);
  const columns = schema.fields.map((_, i) => batch.getChildAt(i)!);
  const rows: string[][] = new Array(batch.numRows);
  for (let r = 0; r < batch.numRows; r++) {
    const row: string[] = new Array(columns.length);
    for (let c = 0; c < columns.length; c++) row[c] = formatters[c]!(columns[c]!, r) ?? nullText;
    rows[r] = row;
  }
  return rows;
}

async function existingHeader(file: string, options: CsvOptions, signal: AbortSignal | undefined): Promise<string[] | undefined> {
  const info = await stat(file).catch(() => undefined);
  if (!info || info.size === 0) return undefined;
  for await (const record of readCsvRecords(file, { ...options, skipRows: 0, commentChar: undefined }, { signal })) return record.values;
  return undefined;
}
