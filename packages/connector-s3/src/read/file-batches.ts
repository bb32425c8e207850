import { Readable } from 'node:stream';
import type { RecordBatch } from 'apache-arrow';
import { BatchBuilder } from '@sqlflow/core';
import { codecOf } from '../formats/format-detect';
import type { ObjectBytesCache } from '../formats/object-bytes-cache';
import { openParquet, parquetBatches } from '../formats/parquet-format';
import { decompressStream } from '../formats/text-codec';
import { textRows } from '../formats/text-rows';
import type { S3Calls } from '../s3-client';
import type { S3Options } from '../s3-config';
import { conformBatch, takeRows } from '../schema/batch-conform';
import { type CursorKey, cursorKeyOf, passes, vectorCursorKey } from './cursor-plan';
import type { PlannedFile, ReadPlan } from './read-plan';

/** What reading one file needs. */
export interface FileReadInput {
  readonly calls: S3Calls;
  readonly options: S3Options;
  readonly cache: ObjectBytesCache;
  readonly plan: ReadPlan;
  /** Called with each accepted row's cursor key of a row-level cursor. */
  readonly onCursor?: (key: CursorKey) => void;
  readonly signal?: AbortSignal;
}

/** Streams one planned file as batches of the plan's schema, filtered by a row-level cursor. */
export async function* fileBatches(input: FileReadInput, file: PlannedFile): AsyncGenerator<RecordBatch> {
  if (file.size === 0) return;
  try {
    if (file.format === 'parquet') yield* parquetFileBatches(input, file);
    else yield* textFileBatches(input, file);
  } finally {
    input.cache.drop(file.key);
  }
}

async function* parquetFileBatches(input: FileReadInput, file: PlannedFile): AsyncGenerator<RecordBatch> {
  const { calls, options, plan, signal } = input;
  const pf = await openParquet(calls, file.key, file.size, input.cache, signal);
  const fileColumns = new Set(file.fields.map((f) => f.name));
  const columns = plan.parquetColumns?.filter((c) => fileColumns.has(c));
  const cursor = plan.cursor?.kind === 'row' ? plan.cursor : undefined;
  try {
    for await (const raw of parquetBatches(pf, `s3://${options.bucket}/${file.key}`, columns, options.batchSize, signal)) {
      const batch = conformBatch(raw, plan.schema, file.constants);
      if (!cursor) {
        yield batch;
        continue;
      }
      const vector = batch.getChild(cursor.column)!;
      const data = vector.data[0]!;
      const keep: number[] = [];
      for (let i = 0; i < batch.numRows; i++) {
        const key = vector.data.length === 1 ? vectorCursorKey(data, i, () => vector.get(i), cursor.type) : cursorKeyOf(vector.get(i), cursor.type);
        if (!passes(key, cursor.bound)) continue;
        keep.push(i);
        if (key !== null) input.onCursor?.(key);
      }
      if (keep.length === batch.numRows) yield batch;
      else if (keep.length > 0) yield takeRows(batch, keep);
    }
  } finally {
    pf.free();
  }
}

async function* textFileBatches(input: FileReadInput, file: PlannedFile): AsyncGenerator<RecordBatch> {
  const { calls, options, plan, signal } = input;
  const cached = input.cache.get(file.key);
  const body = cached && cached.start === 0 && cached.bytes.byteLength === file.size ? Readable.from([Buffer.from(cached.bytes)]) : await calls.getStream(file.key, signal);
  const cursor = plan.cursor?.kind === 'row' ? plan.cursor : undefined;
  const builder = new BatchBuilder(plan.schema, { maxRows: options.batchSize });
  const constants = [...file.constants];
  const location = `s3://${options.bucket}/${file.key}`;
  try {
    const rows = textRows(decompressStream(body, codecOf(file.key, options.compression)), file.format, { delimiter: options.csvDelimiter, hasHeader: options.hasHeader, flatten: options.jsonFlatten }, location, signal);
    for await (const row of rows) {
      for (const [k, v] of constants) row[k] = v;
      if (cursor) {
        const key = cursorKeyOf(row[cursor.column], cursor.type);
        if (!passes(key, cursor.bound)) continue;
        if (key !== null) input.onCursor?.(key);
      }
      const batch = builder.add(row);
      if (batch) yield batch;
    }
    const rest = builder.flush();
    if (rest) yield rest;
  } finally {
    body.destroy();
  }
}
