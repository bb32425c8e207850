// @sqlflow/connector-postgres: SQLFlow PostgreSQL connector: streaming source (COPY, incremental, full type mapping) and COPY-based destination.
export { postgresConnector } from './postgres-connector';
export { postgresSpec, SSL_MODES, WRITE_MODES } from './postgres-config';
export type { PostgresConfig, FilterValue, SslMode, WriteMode } from './postgres-config';
export { PostgresSession } from './postgres-session';
export { toSqlflowError as toPostgresSqlflowError, isTransientPostgresError } from './postgres-errors';
export type { ErrorSite } from './postgres-errors';
export { mapColumn, POSTGRES_TYPE_KEY } from './catalog/type-mapping';
export type { ColumnMapping, WireKind } from './catalog/type-mapping';
export type { ColumnInfo, RelationInfo } from './catalog/column-info';
export { columnType as postgresColumnType } from './write/postgres-column-type';
export { BinaryCopyDecoder } from './copy/binary-copy-decoder';
export type { DecoderLimits } from './copy/binary-copy-decoder';
export { columnBuilder } from './copy/column-builders';
export type { ColumnBuilder } from './copy/column-builders';
export { parseConnectionString } from './connection/connection-settings';
