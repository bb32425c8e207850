// @sqlflow/engine: SQLFlow engine: loads Arrow stream batches into DuckDB (REPLACE/APPEND/UPSERT) with exactly-once checkpoints, runs SQL, exports.
export {};
