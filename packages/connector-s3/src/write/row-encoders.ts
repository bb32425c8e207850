import type { Field, RecordBatch } from 'apache-arrow';
import { cellReaders } from './value-text';

/** Turns batches into the bytes of a text file, one call per batch (plus a header). */
export interface TextEncoder {
  header(): string;
  encode(batch: RecordBatch, rows: readonly number[] | undefined): string;
}

function csvCell(value: unknown, delimiter: string): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /["\r\n]/.test(text) || text.includes(delimiter) ? `"${text.replace(/"/g, '""')}"` : text;
}

function indices(batch: RecordBatch, rows: readonly number[] | undefined): readonly number[] {
  return rows ?? Array.from({ length: batch.numRows }, (_, i) => i);
}

/** CSV (or TSV) with an optional header; NULL is an empty field. */
export function csvEncoder(fields: readonly Field[], delimiter: string, header: boolean): TextEncoder {
  return {
    header: () => (header ? fields.map((f) => csvCell(f.name, delimiter)).join(delimiter) + '\n' : ''),
    encode: (batch, rows) => {
      const readers = cellReaders(batch, fields);
      let out = '';
      for (const i of indices(batch, rows)) out += readers.map((r) => csvCell(r(i), delimiter)).join(delimiter) + '\n';
      return out;
    },
  };
}

/** JSON lines: one object per row. */
export function jsonlEncoder(fields: readonly Field[]): TextEncoder {
  return {
    header: () => '',
    encode: (batch, rows) => {
      const readers = cellReaders(batch, fields);
      let out = '';
      for (const i of indices(batch, rows)) {
        const row: Record<string, unknown> = {};
        fields.forEach((f, c) => (row[f.name] = readers[c]!(i)));
        out += JSON.stringify(row) + '\n';
      }
      return out;
    },
  };
}
