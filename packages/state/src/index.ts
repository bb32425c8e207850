// @sqlflow/state: typed watermarks, run history and locks; DuckDB store (default).
export type {
  StateStore,
  WatermarkKey,
  StoredWatermark,
  RunStatus,
  RunRecord,
  StreamRunRecord,
  LockOwner,
  LockInfo,
  LockHandle,
  AcquireLockOptions,
  BeginRunInput,
  BeginStreamRunInput,
  StreamRunUpdate,
  FinishRunInput,
  ResetFilter,
} from './state-store';
export { DuckDBStateStore, MEMORY_STATE_WARNING } from './duckdb-state-store';
export type { DuckDBStateStoreOptions } from './duckdb-state-store';
export { STATE_SCHEMA, STATE_TABLES, STATE_SCHEMA_VERSION, STATE_DDL } from './state-schema';
export { WATERMARK_SQL_TYPES, watermarkSelectList, watermarkFromRow } from './watermark-columns';
export { watermarkKeyId, describeWatermarkKey } from './watermark-key';
export { currentLockOwner, isProcessAlive } from './lock-owner';
export { lockedError, staleReason } from './duckdb-lock';
export type { LockEnvironment } from './duckdb-lock';
export { inTransaction } from './duckdb-sql';
