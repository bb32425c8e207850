import type { FileScan, StreamBatch, WatermarkValue } from '@sqlflow/core';
import type { Schema } from 'apache-arrow';

/** How rows land in the target: replace its content, add to it, or insert-or-update by key. */
export type LoadMode = 'replace' | 'append' | 'upsert';

/** Where an incremental read should start; given to a `batches` factory. */
export interface ResumePoint {
  /** The last committed watermark, if any. */
  readonly watermark: WatermarkValue | undefined;
  readonly lookbackWindow: number;
  /** Inclusive lower bound of the read: `watermark - lookbackWindow`. */
  readonly lowerBound: WatermarkValue | undefined;
}

/** Reported after each committed checkpoint. */
export interface CheckpointInfo {
  /** Checkpoints committed so far in this load. */
  readonly checkpoint: number;
  /** Rows written to the target so far. */
  readonly rows: number;
  readonly watermark: WatermarkValue | undefined;
}

/** Everything `Engine.loadStream` needs. */
export interface LoadStreamInput {
  readonly pipeline: string;
  /** The source name in the pipeline (part of the watermark key). */
  readonly source: string;
  readonly stream: string;
  /** Target table: `name` or `schema.name`. */
  readonly table: string;
  readonly mode: LoadMode;
  /** Key columns for UPSERT (required) and APPEND (optional: re-read rows are then upserted by key). */
  readonly key?: readonly string[];
  /** The cursor column of incremental loads; enables watermarks and boundary de-duplication. */
  readonly cursorField?: string;
  /** Lookback in cursor units (seconds for timestamps and dates); default 0. */
  readonly lookbackWindow?: number;
  /** The batches, or a factory that receives the resume point (last committed watermark). */
  readonly batches: AsyncIterable<StreamBatch> | ((resume: ResumePoint) => AsyncIterable<StreamBatch>);
  /** The schema of an empty stream (used to create the table when no batch arrives). */
  readonly schema?: Schema;
  /** Records the stream under this run; without it the load records a run of its own. */
  readonly runId?: string;
  /**
   * Commit at a watermark-carrying batch only once this many rows are staged (default 50,000).
   * Smaller values mean less re-reading after a crash, larger values fewer transactions.
   */
  readonly checkpointRows?: number;
  readonly signal?: AbortSignal;
  /** Called after each committed checkpoint. */
  readonly onCheckpoint?: (info: CheckpointInfo) => void | Promise<void>;
}

/**
 * Everything `Engine.loadFileScan` needs: `loadStream`'s input with a native file scan (or a
 * factory that receives the resume point, to plan the scan's cursor bound from it) instead
 * of batches. The scan's schema is the stream's schema.
 */
export interface LoadFileScanInput extends Omit<LoadStreamInput, 'batches' | 'schema' | 'checkpointRows'> {
  readonly scan: FileScan | ((resume: ResumePoint) => Promise<FileScan>);
}

/** What a load did. */
export interface LoadResult {
  readonly table: string;
  readonly mode: LoadMode;
  readonly runId: string;
  /** Rows written (inserted or updated) in the target. */
  readonly rows: number;
  /** Rows received that were already loaded (re-read boundary rows) and were not written again. */
  readonly skippedRows: number;
  /** Arrow bytes received (a file scan: the size of its files). */
  readonly bytes: number;
  readonly watermarkBefore: WatermarkValue | undefined;
  readonly watermarkAfter: WatermarkValue | undefined;
  readonly checkpoints: number;
  readonly durationMs: number;
}
