// @sqlflow/connector-postgres: SQLFlow PostgreSQL connector: streaming source (COPY, incremental, full type mapping) and COPY-based destination.
export {};
