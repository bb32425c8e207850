// @sqlflow/core: the connector contract and what every connector shares.

// Errors
export { SqlflowError, isSqlflowError, causeChain, findErrorCode } from './errors/sqlflow-error';
export type { ErrorFault, SqlflowErrorOptions } from './errors/sqlflow-error';
export {
  ConfigError,
  AuthError,
  RateLimitError,
  TransientError,
  SchemaError,
  DataError,
  StateError,
  CheckError,
  NotFoundError,
  AbortedError,
  LimitExceededError,
} from './errors/error-classes';
export type { KnownSqlflowError, SqlflowErrorCode } from './errors/error-classes';

// Connector contract
export { SYNC_MODES, DESTINATION_SYNC_MODES } from './connector/sync-modes';
export type { SyncMode, DestinationSyncMode, ConnectorKind } from './connector/sync-modes';
export type { ConnectorDefinition, ConnectorSession, CallOptions, ConnectorTransport, UsageReport } from './connector/connector-definition';
export type {
  StreamDescriptor,
  ReadRequest,
  ReadOptions,
  StreamBatch,
  WriteRequest,
  WriteResult,
  HealthReport,
} from './connector/stream';
export type { FileScan, CsvScanOptions, FileScanCursor } from './connector/file-scan';
export type { ConnectorContext, Logger, LogFields, CallPolicy, CallContext, Clock, Tracer, SharedResources } from './connector/context';
export { createContext, createSharedResources, noopLogger, directPolicy, systemClock, noopTracer } from './connector/default-context';
export { openConnector } from './connector/open-connector';

// Configuration
export { defineSpec, specProperties, specRequired, resolvePathParameters, SQLFLOW_KEYWORDS } from './config/connector-spec';
export type { ConnectorSpec, SpecDefinition, JsonSchemaObject, ConfigIssue, PropertySchema } from './config/connector-spec';
export { resolveConfig, aliasMap } from './config/resolve-config';
export type { ResolvedConfig, ConfigWarning } from './config/resolve-config';
export { suggest, editDistance } from './config/did-you-mean';
export { redactConfig, secretParameters, secretValues, createRedactor, redactUrlPasswords, REDACTED } from './config/redact';
export { configTable, describeType } from './config/config-table';
export {
  sourceParameterProperties,
  sourceParameterRules,
  resolveSourceParameters,
  parseDuration,
} from './config/source-parameters';
export type { SourceParametersInput, SourceParameters, SourceParameterProperties } from './config/source-parameters';

// Watermarks
export { toWatermark, compareWatermarks, maxWatermark, lowerBound, isWatermarkValue, watermarkJsValue } from './watermark/watermark';
export type { WatermarkValue, WatermarkType } from './watermark/watermark';
export { parseTimestampMicros, formatTimestampMicros, parseDateDays, formatDateDays, formatTimeMicros } from './watermark/timestamp';
export { toMicros } from './arrow/time-units';

// Arrow helpers
export { BatchBuilder, DEFAULT_BATCH_ROWS, DEFAULT_BATCH_BYTES } from './arrow/batch-builder';
export type { BatchLimits } from './arrow/batch-builder';
export { coerceValue } from './arrow/coerce-value';
export { inferSchema, inferType } from './arrow/infer-schema';
export { logicalField, logicalTypeOf, LOGICAL_TYPE_KEY } from './arrow/logical-types';
export type { LogicalType } from './arrow/logical-types';

// Pagination and utilities
export { paginate, nextLink, nextOffset } from './pagination/paginate';
export type { Page, PaginateOptions } from './pagination/paginate';
export { throwIfAborted, sleep } from './util/abort';
