// @sqlflow/engine: loads Arrow stream batches into DuckDB (REPLACE/APPEND/UPSERT) with exactly-once checkpoints, runs SQL, exports.
export { Engine } from './engine';
export type { EngineOptions, ExportToOptions, Row } from './engine';
export type { LoadMode, LoadStreamInput, LoadFileScanInput, LoadResult, ResumePoint, CheckpointInfo } from './load-types';
export type { ExportFormat, ExportCompression, ExportFileOptions, ExportFileResult } from './export-file';
export { planColumns } from './column-plan';
export type { ColumnPlan } from './column-plan';
export { isCompatible, normalizeType } from './table-schema';
export { parseTableName, quoteIdent } from './sql-names';
export type { TableName } from './sql-names';
