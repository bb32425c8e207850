import type { RecordBatch } from 'apache-arrow';
import { maxWatermark, type StreamBatch, throwIfAborted, type WatermarkValue } from '@sqlflow/core';
import type { ObjectBytesCache } from '../formats/object-bytes-cache';
import type { S3Calls } from '../s3-client';
import type { S3Options } from '../s3-config';
import { type CursorKey, watermarkOf } from './cursor-plan';
import { fileBatches } from './file-batches';
import { orderedPrefetch } from './ordered-prefetch';
import type { ReadPlan } from './read-plan';

/** Counters of one read. */
export interface S3ReadStats {
  files: number;
  rows: number;
}

/** What {@link readPlannedFiles} reads. */
export interface ReadInput {
  readonly calls: S3Calls;
  readonly options: S3Options;
  readonly cache: ObjectBytesCache;
  readonly plan: ReadPlan;
  readonly stats: S3ReadStats;
  readonly signal?: AbortSignal;
}

/**
 * Streams the plan's files in order (`parallel_workers` fetched ahead) as batches. Per-object
 * cursors (`_s3_last_modified`, partition columns) put the watermark of a file on the first
 * batch after its end, the files being in cursor order; a row-level cursor's watermark rides
 * on the last batch only. Each batch is held back until the next is ready, so the last one
 * can carry the final watermark.
 */
export async function* readPlannedFiles(input: ReadInput): AsyncGenerator<StreamBatch> {
  const { plan, stats } = input;
  const cursor = plan.cursor;
  const stop = new AbortController();
  const signal = input.signal ? AbortSignal.any([input.signal, stop.signal]) : stop.signal;
  let rowMax: CursorKey | undefined;
  const onCursor = (key: CursorKey): void => {
    if (rowMax === undefined || key > rowMax) rowMax = key;
  };
  let watermark: WatermarkValue | undefined = cursor?.previous;
  let held: RecordBatch | undefined;
  let fileRows = 0;
  const sources = plan.files.map((file) => () => fileBatches({ ...input, signal, onCursor }, file));
  for await (const step of orderedPrefetch(sources, input.options.parallelWorkers, 2, () => stop.abort())) {
    if ('end' in step) {
      stats.files++;
      const key = plan.files[step.end]!.cursorKey;
      if (cursor?.kind === 'object' && fileRows > 0 && key !== null) watermark = maxWatermark(watermark, watermarkOf(cursor.type, key));
      fileRows = 0;
      continue;
    }
    throwIfAborted(input.signal);
    stats.rows += step.item.numRows;
    fileRows += step.item.numRows;
    if (held) yield cursor?.kind === 'object' && watermark && watermark !== cursor.previous ? { batch: held, watermark } : { batch: held };
    held = step.item;
  }
  if (cursor?.kind === 'row' && rowMax !== undefined) watermark = maxWatermark(watermark, watermarkOf(cursor.type, rowMax));
  throwIfAborted(input.signal);
  if (held) yield watermark && watermark !== cursor?.previous ? { batch: held, watermark } : { batch: held };
}
