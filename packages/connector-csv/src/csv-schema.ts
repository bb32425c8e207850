import { inferType, SchemaError } from '@sqlflow/core';
import { Field, Schema } from 'apache-arrow';
import { columnTypeOf, type CsvColumnType, fieldFor } from './csv-column-types';
import type { CsvOptions } from './csv-config';
import { readCsvRecords } from './csv-record-stream';

/** The columns of a CSV stream: names, types, the Arrow schema, and the header they came from. */
export interface CsvTable {
  readonly names: readonly string[];
  readonly types: readonly CsvColumnType[];
  readonly schema: Schema;
  /** The first file's header row as written, or undefined when files have no header. */
  readonly header: readonly string[] | undefined;
  /** The file the columns were read (and types inferred) from. */
  readonly firstFile: string;
}

/**
 * Reads the header and up to `infer_rows` records of the first file to fix the columns:
 * names from the header, `column_names` or `column_1..n`; types from `columns`, else inferred
 * from the sample (core's `inferType`), else strings. Holds at most `infer_rows` records.
 */
export async function describeCsvTable(file: string, options: CsvOptions, signal?: AbortSignal): Promise<CsvTable> {
  let header: string[] | undefined;
  let names: string[] | undefined;
  const sample: string[][] = [];
  const needsSample = options.inferRows > 0;
  for await (const record of readCsvRecords(file, options, { signal, onParseProblem: () => undefined })) {
    if (!names) {
      if (options.hasHeader) {
        header = record.values;
        names = columnNames(file, options, header);
        if (!needsSample) break;
        continue;
      }
      names = columnNames(file, options, record.values);
    }
    if (!needsSample || sample.length >= options.inferRows) break;
    if (record.values.length === names.length) sample.push(record.values);
  }
  if (!names) {
    if (!options.columnNames) {
      throw new SchemaError(`csv: ${file} is empty, so its columns are unknown; add a header row or set \`column_names\``, { details: { file } });
    }
    names = columnNames(file, options, options.columnNames as string[]);
  }
  const types = columnTypes(file, options, names, sample);
  const fields = names.map((n, i) => fieldFor(n, types[i]!));
  return { names, types, schema: new Schema(fields), header, firstFile: file };
}

function columnNames(file: string, options: CsvOptions, firstRecord: readonly string[]): string[] {
  const given = options.columnNames;
  if (given && given.length !== firstRecord.length) {
    throw new SchemaError(`csv: \`column_names\` lists ${given.length} columns but ${file} has ${firstRecord.length}; list one name per column`, {
      details: { file, expected: firstRecord.length, given: given.length },
    });
  }
  const names = given ? [...given] : options.hasHeader ? firstRecord.map((n, i) => n.trim() || `column_${i + 1}`) : firstRecord.map((_, i) => `column_${i + 1}`);
  const seen = new Set<string>();
  const dupes = names.filter((n) => (seen.has(n) ? true : (seen.add(n), false)));
  if (dupes.length > 0) {
    throw new SchemaError(`csv: ${file} has duplicate column names ${[...new Set(dupes)].map((d) => `\`${d}\``).join(', ')}; set \`column_names\` to name each column`, {
      details: { file, duplicates: dupes },
    });
  }
  return names;
}

function columnTypes(file: string, options: CsvOptions, names: readonly string[], sample: readonly string[][]): CsvColumnType[] {
  const unknown = Object.keys(options.columns).filter((c) => !names.includes(c));
  if (unknown.length > 0) {
    throw new SchemaError(
      `csv: \`columns\` names ${unknown.map((c) => `\`${c}\``).join(', ')}, not a column of ${file}; its columns are ${names.map((c) => `\`${c}\``).join(', ')}`,
      { details: { file, unknown } },
    );
  }
  const nulls = new Set(options.nullValues);
  return names.map((name, i) => {
    const explicit = options.columns[name];
    if (explicit) return explicit;
    if (sample.length === 0) return 'string';
    const { type, json } = inferType(sample.map((r) => (nulls.has(r[i]!) ? null : r[i])));
    return json ? 'json' : columnTypeOf(new Field(name, type, true));
  });
}

/**
 * Throws `SchemaError` when `file`'s header differs from the first file's, naming both files
 * and the columns that differ.
 */
export function assertSameHeader(table: CsvTable, file: string, header: readonly string[]): void {
  const expected = table.header ?? [];
  if (expected.length === header.length && expected.every((h, i) => h === header[i])) return;
  const missing = expected.filter((h) => !header.includes(h));
  const extra = header.filter((h) => !expected.includes(h));
  const what =
    missing.length + extra.length > 0
      ? [missing.length ? `missing ${missing.map((c) => `\`${c}\``).join(', ')}` : '', extra.length ? `extra ${extra.map((c) => `\`${c}\``).join(', ')}` : '']
          .filter(Boolean)
          .join('; ')
      : 'same columns in a different order';
  throw new SchemaError(
    `csv: the header of ${file} differs from ${table.firstFile} (${what}); all files of one \`path\` must share a header`,
    { details: { file, firstFile: table.firstFile, missing, extra } },
  );
}
