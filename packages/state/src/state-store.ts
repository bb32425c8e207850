import type { WatermarkValue } from '@sqlflow/core';

/** What a watermark belongs to: one cursor of one stream loaded into one table by one pipeline. */
export interface WatermarkKey {
  readonly pipeline: string;
  readonly source: string;
  readonly stream: string;
  readonly table: string;
  readonly cursorField: string;
}

/** A committed watermark with its bookkeeping. */
export interface StoredWatermark {
  readonly key: WatermarkKey;
  readonly value: WatermarkValue;
  /** The lookback window (cursor units) in force when it was committed. */
  readonly lookbackWindow: number;
  readonly updatedAt: Date;
  /** The run that committed it. */
  readonly runId: string | undefined;
}

/** Final (or current) state of a run or of one stream of it. */
export type RunStatus = 'running' | 'succeeded' | 'failed' | 'interrupted';

/** One stream of a run: what was loaded where, and how far the watermark moved. */
export interface StreamRunRecord {
  readonly runId: string;
  readonly pipeline: string;
  readonly source: string;
  readonly stream: string;
  readonly table: string;
  readonly mode: string;
  readonly status: RunStatus;
  readonly startedAt: Date;
  readonly finishedAt: Date | undefined;
  readonly rows: number;
  readonly bytes: number;
  readonly watermarkBefore: WatermarkValue | undefined;
  readonly watermarkAfter: WatermarkValue | undefined;
  readonly error: string | undefined;
}

/** One run of a pipeline with its streams. */
export interface RunRecord {
  readonly runId: string;
  readonly pipeline: string;
  readonly status: RunStatus;
  readonly startedAt: Date;
  readonly finishedAt: Date | undefined;
  readonly rows: number;
  readonly bytes: number;
  readonly error: string | undefined;
  readonly pid: number;
  readonly host: string;
  readonly streams: readonly StreamRunRecord[];
}

/** Who holds (or asks for) a pipeline lock. */
export interface LockOwner {
  readonly runId: string;
  readonly pid: number;
  readonly host: string;
}

/** A lock as stored. */
export interface LockInfo extends LockOwner {
  readonly pipeline: string;
  readonly acquiredAt: Date;
  readonly heartbeatAt: Date;
}

/** A held lock; `release` is idempotent, and `[Symbol.asyncDispose]` calls it. */
export interface LockHandle extends AsyncDisposable {
  readonly info: LockInfo;
  /** Records that the holder is alive (called on a timer while held). */
  heartbeat(): Promise<void>;
  release(): Promise<void>;
}

/** Options of `acquireLock`. */
export interface AcquireLockOptions {
  /** Defaults to this process (`runId` generated). */
  readonly owner?: Partial<LockOwner>;
  /** A lock whose heartbeat is older than this is stale and may be taken over (default 10 min). */
  readonly staleAfterMs?: number;
  /** How often the holder refreshes its heartbeat (default 30 s; 0 disables the timer). */
  readonly heartbeatMs?: number;
}

/** What `beginRun` records. */
export interface BeginRunInput {
  readonly pipeline: string;
  readonly runId?: string;
}

/** What `beginStreamRun` records. */
export interface BeginStreamRunInput extends Pick<StreamRunRecord, 'runId' | 'pipeline' | 'source' | 'stream' | 'table' | 'mode'> {
  readonly watermarkBefore?: WatermarkValue;
}

/** Progress or outcome of a stream run. */
export interface StreamRunUpdate {
  readonly status?: RunStatus;
  readonly rows?: number;
  readonly bytes?: number;
  readonly watermarkAfter?: WatermarkValue;
  readonly error?: string;
}

/** Outcome of a run. */
export interface FinishRunInput {
  readonly status: Exclude<RunStatus, 'running'>;
  readonly error?: string;
}

/** Which state `reset` forgets. Omitted fields match everything within the pipeline. */
export interface ResetFilter {
  readonly pipeline: string;
  readonly source?: string;
  readonly stream?: string;
  readonly table?: string;
}

/**
 * Where SQLFlow keeps watermarks, run history and locks. The DuckDB store lives in the
 * pipeline's own database, so the engine can commit data and watermark in one transaction;
 * another store (PostgreSQL) implements the same contract.
 */
export interface StateStore {
  /** `duckdb`, `postgres`, ... */
  readonly kind: string;
  /** False when the state is lost with the process (an in-memory database). */
  readonly durable: boolean;
  /** Human-readable warnings about this store (e.g. not durable). */
  readonly warnings: readonly string[];

  getWatermark(key: WatermarkKey): Promise<StoredWatermark | undefined>;
  /** Every watermark of a pipeline. */
  listWatermarks(pipeline: string): Promise<StoredWatermark[]>;
  setWatermark(key: WatermarkKey, value: WatermarkValue, options?: { runId?: string; lookbackWindow?: number }): Promise<void>;
  /** Forgets watermarks and boundary rows; returns how many watermarks were removed. */
  reset(filter: ResetFilter): Promise<number>;

  beginRun(input: BeginRunInput): Promise<RunRecord>;
  finishRun(runId: string, input: FinishRunInput): Promise<void>;
  beginStreamRun(input: BeginStreamRunInput): Promise<void>;
  updateStreamRun(runId: string, table: string, update: StreamRunUpdate): Promise<void>;
  /** Recent runs of a pipeline, newest first, each with its streams. */
  history(pipeline: string, options?: { limit?: number }): Promise<RunRecord[]>;

  /** Takes the pipeline's lock or throws `StateError` naming the holder; takes over stale locks. */
  acquireLock(pipeline: string, options?: AcquireLockOptions): Promise<LockHandle>;
  /** Releases a lock held by `runId` (no-op when not held by it). */
  releaseLock(pipeline: string, runId: string): Promise<void>;
  /** The current lock of a pipeline, if any. */
  getLock(pipeline: string): Promise<LockInfo | undefined>;
}
