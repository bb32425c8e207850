// @sqlflow/state: SQLFlow state: typed watermarks, run history and locks in DuckDB (default) or PostgreSQL.
export {};
