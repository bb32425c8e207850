// @sqlflow/connector-csv: SQLFlow CSV connector: streaming CSV source (files, globs, gzip, incremental) and CSV destination.
export {};
