import { BatchBuilder, type Logger, type ReadRequest, type StreamBatch, throwIfAborted } from '@sqlflow/core';
import type { RecordBatch } from 'apache-arrow';
import { converterFor, INVALID } from './csv-column-types';
import type { CsvOptions } from './csv-config';
import { CursorTracker, planCursor } from './csv-cursor';
import { readCsvRecords, recordStartLine } from './csv-record-stream';
import { CsvRowErrors } from './csv-row-errors';
import { assertSameHeader, type CsvTable } from './csv-schema';

/** Counters of one read, updated while it runs. */
export interface CsvReadStats {
  files: number;
  /** Rows emitted. */
  rows: number;
  /** Malformed rows skipped under `"on_error": "skip"`. */
  skippedRows: number;
  /** Rows left out by the incremental lower bound. */
  filteredRows: number;
}

/** What {@link readCsvBatches} reads and reports to. */
export interface CsvReadInput {
  readonly files: readonly string[];
  readonly table: CsvTable;
  readonly options: CsvOptions;
  readonly request: ReadRequest;
  readonly logger: Logger;
  readonly stats: CsvReadStats;
}

function shown(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}

/**
 * Streams the files one after another as Arrow batches of the table's schema. Each batch is
 * held back until the next one is ready so that the watermark of an incremental read rides
 * on the final batch only: a CSV file is not sorted by its cursor, so no earlier point is safe.
 */
export async function* readCsvBatches(input: CsvReadInput): AsyncGenerator<StreamBatch> {
  const { files, table, options, request, stats } = input;
  const { names, types } = table;
  const width = names.length;
  const converters = types.map(converterFor);
  const nulls = new Set(options.nullValues);
  const plan = planCursor(table, request, options);
  const tracker = plan ? new CursorTracker(plan) : undefined;
  const errors = new CsvRowErrors(options, input.logger);
  const builder = new BatchBuilder(table.schema, { maxRows: options.batchSize });
  const signal = request.signal;
  let held: RecordBatch | undefined;
  let seen = 0;

  for (const file of files) {
    throwIfAborted(signal);
    stats.files++;
    let expectHeader = options.hasHeader;
    const onParseProblem = (p: { line: number; message: string }): void => {
      errors.report(file, p.line, p.message);
      stats.skippedRows = errors.total;
    };
    for await (const record of readCsvRecords(file, options, { signal, onParseProblem })) {
      if ((++seen & 1023) === 0) throwIfAborted(signal);
      const raw = record.values;
      if (expectHeader) {
        expectHeader = false;
        assertSameHeader(table, file, raw);
        continue;
      }
      if (raw.length !== width) {
        errors.report(file, recordStartLine(record), `expected ${width} fields, found ${raw.length}`);
        stats.skippedRows = errors.total;
        continue;
      }
      const values: unknown[] = new Array(width);
      let bad = -1;
      for (let i = 0; i < width; i++) {
        const text = raw[i]!;
        const value = nulls.has(text) ? null : converters[i]!(text);
        if (value === INVALID) {
          bad = i;
          break;
        }
        values[i] = value;
      }
      if (bad >= 0) {
        const inferred = options.columns[names[bad]!] === undefined ? `; the type was inferred from the first rows of ${table.firstFile}, declare it in \`columns\`` : '';
        errors.report(file, recordStartLine(record), `column \`${names[bad]}\`: ${shown(raw[bad]!)} is not a valid ${types[bad]}${inferred}`);
        stats.skippedRows = errors.total;
        continue;
      }
      if (tracker && !tracker.accept(values[plan!.index])) {
        stats.filteredRows++;
        continue;
      }
      stats.rows++;
      const batch = builder.addValues(values);
      if (batch) {
        if (held) yield { batch: held };
        held = batch;
      }
    }
    errors.endFile(file);
  }
  const rest = builder.flush();
  if (rest) {
    if (held) yield { batch: held };
    held = rest;
  }
  if (held) {
    const watermark = tracker?.watermark();
    yield watermark ? { batch: held, watermark } : { batch: held };
  }
}
