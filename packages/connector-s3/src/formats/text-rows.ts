import type { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { parse as parseCsvStream } from 'csv-parse';
import { parse as parseCsvSync } from 'csv-parse/sync';
import { DataError, throwIfAborted } from '@sqlflow/core';
import type { FileFormat } from './format-detect';
import { JsonArraySplitter } from './json-array-splitter';

/** A parsed row: column name to value (text from csv, JSON values from json). */
export type TextRow = Record<string, unknown>;

/** How text files are parsed. */
export interface TextParseOptions {
  readonly delimiter: string | undefined;
  readonly hasHeader: boolean;
  readonly flatten: boolean;
}

/** The field separator of a csv/tsv file. */
export function delimiterOf(format: FileFormat, configured: string | undefined): string {
  return configured ?? (format === 'tsv' ? '\t' : ',');
}

/** Nested objects flattened into `parent_child` keys; arrays and scalars kept. */
export function flattenObject(value: Readonly<Record<string, unknown>>, prefix = '', out: TextRow = {}): TextRow {
  for (const [k, v] of Object.entries(value)) {
    const name = prefix ? `${prefix}_${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) flattenObject(v as Record<string, unknown>, name, out);
    else out[name] = v;
  }
  return out;
}

function asRow(value: unknown, location: string, flatten: boolean): TextRow {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new DataError(`s3: ${location} holds a JSON ${Array.isArray(value) ? 'array' : typeof value} where an object (one row) was expected`, { location });
  }
  return flatten ? flattenObject(value as Record<string, unknown>) : (value as TextRow);
}

function parseJson(text: string, location: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new DataError(`s3: ${location}: invalid JSON (${(e as Error).message}): ${text.slice(0, 80)}`, { location, cause: e });
  }
}

/** Column names of a headerless csv file. */
export function positionalNames(width: number): string[] {
  return Array.from({ length: width }, (_, i) => `column_${i + 1}`);
}

function csvRecordToRow(values: readonly string[], names: readonly string[] | undefined): TextRow {
  const keys = names ?? positionalNames(values.length);
  const row: TextRow = {};
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    row[keys[i] ?? `column_${i + 1}`] = v === '' ? null : v;
  }
  return row;
}

/** Streams the rows of a decompressed text file; `location` names it in errors. */
export async function* textRows(body: Readable, format: FileFormat, options: TextParseOptions, location: string, signal?: AbortSignal): AsyncGenerator<TextRow> {
  let n = 0;
  if (format === 'csv' || format === 'tsv') {
    const parser = parseCsvStream({ delimiter: delimiterOf(format, options.delimiter), bom: true, skip_empty_lines: true, relax_column_count: false });
    body.on('error', (e) => parser.destroy(e));
    body.pipe(parser);
    let names: string[] | undefined;
    try {
      for await (const record of parser as AsyncIterable<string[]>) {
        if ((++n & 1023) === 0) throwIfAborted(signal);
        if (options.hasHeader && !names) {
          names = record.map((h, i) => h.trim() || `column_${i + 1}`);
          continue;
        }
        yield csvRecordToRow(record, names);
      }
    } catch (e) {
      if (e instanceof Error && 'code' in e && String((e as { code: unknown }).code).startsWith('CSV_')) {
        throw new DataError(`s3: ${location}: ${e.message}`, { location, cause: e });
      }
      throw e;
    } finally {
      body.unpipe(parser);
      parser.destroy();
    }
    return;
  }
  if (format === 'jsonl') {
    const lines = createInterface({ input: body, crlfDelay: Infinity });
    try {
      let line = 0;
      for await (const text of lines) {
        line++;
        if ((++n & 1023) === 0) throwIfAborted(signal);
        if (text.trim() === '') continue;
        yield asRow(parseJson(text, `${location}:${line}`), `${location}:${line}`, options.flatten);
      }
    } finally {
      lines.close();
    }
    return;
  }
  const splitter = new JsonArraySplitter(location);
  body.setEncoding('utf8');
  for await (const chunk of body as AsyncIterable<string>) {
    throwIfAborted(signal);
    for (const element of splitter.push(chunk)) yield asRow(parseJson(element, location), location, options.flatten);
  }
  splitter.end();
}

/**
 * Rows of the start of a text file (for schema inference): `complete` says whether `text` is
 * the whole file; otherwise the unfinished last line or element is left out.
 */
export function sampleRows(text: string, complete: boolean, format: FileFormat, options: TextParseOptions, location: string, limit: number): { rows: TextRow[]; header: string[] | undefined } {
  const body = complete ? text : text.slice(0, Math.max(0, text.lastIndexOf('\n') + 1));
  if (format === 'csv' || format === 'tsv') {
    let records: string[][];
    try {
      records = parseCsvSync(body, { delimiter: delimiterOf(format, options.delimiter), bom: true, skip_empty_lines: true, relax_column_count: true, to: limit + 1 }) as string[][];
    } catch (e) {
      throw new DataError(`s3: ${location}: ${(e as Error).message}`, { location, cause: e });
    }
    const header = options.hasHeader ? records.shift()?.map((h, i) => h.trim() || `column_${i + 1}`) : undefined;
    return { rows: records.map((r) => csvRecordToRow(r, header)), header };
  }
  if (format === 'jsonl') {
    const rows = body
      .split('\n')
      .filter((l) => l.trim() !== '')
      .slice(0, limit)
      .map((l, i) => asRow(parseJson(l, `${location}:${i + 1}`), `${location}:${i + 1}`, options.flatten));
    return { rows, header: undefined };
  }
  const splitter = new JsonArraySplitter(location);
  const rows = splitter
    .push(text)
    .slice(0, limit)
    .map((e) => asRow(parseJson(e, location), location, options.flatten));
  return { rows, header: undefined };
}
