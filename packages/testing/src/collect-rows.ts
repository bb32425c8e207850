import type { Schema } from 'apache-arrow';
import type { StreamBatch, WatermarkValue } from '@sqlflow/core';
import { batchRows } from './batch-rows';
import type { NormalizedRow } from './normalize-row';

/** A watermark a read emitted, with how many rows had been read when it came. */
export interface EmittedWatermark {
  readonly watermark: WatermarkValue;
  /** Rows read up to and including the batch that carried this watermark. */
  readonly afterRows: number;
  /** Index of that batch (0-based). */
  readonly batchIndex: number;
}

/** Everything a read produced, as plain values. */
export interface CollectedRows {
  /** Every row of every batch, normalized (see `normalizeRow`), in arrival order. */
  readonly rows: NormalizedRow[];
  /** Every watermark emitted, in order. */
  readonly watermarks: EmittedWatermark[];
  /** The last watermark emitted, if any. */
  readonly finalWatermark: WatermarkValue | undefined;
  /** Number of batches. */
  readonly batches: number;
  /** The schema of the first batch, if any. */
  readonly schema: Schema | undefined;
}

/**
 * Drains a read into plain rows and the watermarks that came with them. Meant for tests: it
 * holds every row in memory.
 *
 * @example
 * const { rows, finalWatermark } = await collectRows(session.read!({ stream: 'orders', syncMode: 'full_refresh' }));
 */
export async function collectRows(batches: AsyncIterable<StreamBatch>): Promise<CollectedRows> {
  const rows: NormalizedRow[] = [];
  const watermarks: EmittedWatermark[] = [];
  let count = 0;
  let schema: Schema | undefined;
  for await (const { batch, watermark } of batches) {
    schema ??= batch.schema;
    rows.push(...batchRows(batch));
    if (watermark) watermarks.push({ watermark, afterRows: rows.length, batchIndex: count });
    count++;
  }
  return { rows, watermarks, finalWatermark: watermarks.at(-1)?.watermark, batches: count, schema };
}
