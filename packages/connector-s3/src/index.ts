// @sqlflow/connector-s3: csv/tsv/json/jsonl/parquet from AWS S3 or S3-compatible storage, partitions, cost controls, export.
export { s3Connector, createS3Connector } from './s3-connector';
export type { S3ConnectorOptions } from './s3-connector';
export { s3Spec, resolveS3Options, S3_FORMATS, S3_COMPRESSIONS } from './s3-config';
export type { S3Config, S3Options, S3Format, S3Compression, PartitionCondition } from './s3-config';
export { S3Session } from './s3-session';
export { createS3Client, s3ClientConfig } from './s3-client';
export { mapS3Error } from './s3-errors';
export { DEFAULT_S3_PRICES } from './cost/s3-prices';
export type { S3Prices } from './cost/s3-prices';
export type { S3UsageReport } from './cost/s3-usage';
export { estimateCost } from './cost/cost-estimate';
export type { CostEstimate } from './cost/cost-estimate';
export { partitionsOf } from './partitions/partition-path';
export type { PartitionValue } from './partitions/partition-path';
export { PARTITION_DATE_COLUMN } from './partitions/partition-types';
export { LAST_MODIFIED_COLUMN } from './schema/arrow-types';
