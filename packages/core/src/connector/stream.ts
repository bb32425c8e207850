import type { RecordBatch, Schema } from 'apache-arrow';
import type { WatermarkValue } from '../watermark/watermark';
import type { DestinationSyncMode, SyncMode } from './sync-modes';

/** A stream a source offers (a table, an API resource, a set of files). */
export interface StreamDescriptor {
  readonly name: string;
  /** Column names and Arrow types of every batch of this stream. */
  readonly schema: Schema;
  /** Columns that identify a row; empty when the stream has none. */
  readonly primaryKey: readonly string[];
  /** The cursor used for incremental reads when the user names none. */
  readonly defaultCursorField?: string;
  readonly supportedSyncModes: readonly SyncMode[];
  readonly description?: string;
}

/** Free-form per-read options; values are JSON. */
export type ReadOptions = Readonly<Record<string, unknown>>;

/** What to read. */
export interface ReadRequest {
  readonly stream: string;
  readonly syncMode: SyncMode;
  /** Required for incremental reads. */
  readonly cursorField?: string;
  /** Last committed watermark; an incremental read returns rows with cursor >= watermark - lookback. */
  readonly watermark?: WatermarkValue;
  /** Seconds for timestamp/date cursors, cursor units for numeric ones. */
  readonly lookbackWindow?: number;
  readonly options?: ReadOptions;
  readonly signal?: AbortSignal;
}

/**
 * One Arrow batch of a stream. `watermark`, when present, is safe to commit once this batch and
 * every batch before it are durably written; only the runner commits it.
 */
export interface StreamBatch {
  readonly batch: RecordBatch;
  readonly watermark?: WatermarkValue;
}

/** What a destination writes. */
export interface WriteRequest {
  /** The target (table, object key, file) in the destination's own terms. */
  readonly stream: string;
  readonly schema: Schema;
  readonly batches: AsyncIterable<RecordBatch>;
  readonly mode: DestinationSyncMode;
  /** Required for `append_dedup`. */
  readonly primaryKey?: readonly string[];
  readonly options?: ReadOptions;
  readonly signal?: AbortSignal;
}

/** What a write did. */
export interface WriteResult {
  readonly rows: number;
  readonly bytes?: number;
  /** Where the data went (table name, object keys, file paths). */
  readonly locations?: readonly string[];
}

/** A connector's view of the system it talks to. */
export interface HealthReport {
  readonly status: 'ok' | 'degraded' | 'down';
  readonly latencyMs?: number;
  readonly metrics: Readonly<Record<string, string | number | boolean | null>>;
}
