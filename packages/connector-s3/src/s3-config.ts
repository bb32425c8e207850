import {
  type ConfigIssue,
  defineSpec,
  resolveSourceParameters,
  type SourceParameters,
  sourceParameterProperties,
  sourceParameterRules,
  type SourceParametersInput,
} from '@sqlflow/core';
import { DEFAULT_S3_PRICES, type S3Prices } from './cost/s3-prices';

/** File formats the connector reads and writes (`auto`: by each key's extension). */
export const S3_FORMATS = ['auto', 'csv', 'tsv', 'json', 'jsonl', 'parquet'] as const;
/** One of {@link S3_FORMATS}. */
export type S3Format = (typeof S3_FORMATS)[number];
/** Compression codecs (`auto`: `.gz`/`.zst` by extension; Parquet's own codec on read, snappy on write). */
export const S3_COMPRESSIONS = ['auto', 'none', 'gzip', 'zstd', 'snappy'] as const;
/** One of {@link S3_COMPRESSIONS}. */
export type S3Compression = (typeof S3_COMPRESSIONS)[number];

/** A condition on one partition column: a value, a list of values, or a range. */
export type PartitionCondition = string | number | Array<string | number> | { gt?: string | number; gte?: string | number; lt?: string | number; lte?: string | number };

/** The S3 connector's parameters, as a user writes them (see the README's table). */
export interface S3Config extends SourceParametersInput {
  bucket: string;
  path_prefix?: string;
  path_pattern?: string | string[];
  stream?: string;
  file_format?: S3Format;
  compression?: S3Compression;
  region?: string;
  endpoint_url?: string;
  access_key_id?: string;
  secret_access_key?: string;
  session_token?: string;
  force_path_style?: boolean;
  csv_delimiter?: string;
  has_header?: boolean;
  json_flatten?: boolean;
  parquet_columns?: string[];
  partition_filter?: Record<string, PartitionCondition>;
  partition_by?: string[];
  cost_limit_usd?: number;
  max_files_per_run?: number;
  max_data_size_gb?: number;
  dev_sampling?: number;
  dev_max_files?: number;
  cost_prices?: { list_per_1000?: number; get_per_1000?: number; put_per_1000?: number; transfer_per_gb?: number };
  batch_size?: number;
  parallel_workers?: number;
  multipart_part_size_mb?: number;
}

const scalar = { type: ['string', 'number'] } as const;

const ownRules: ReadonlyArray<(c: S3Config) => ConfigIssue | undefined> = [
  (c) =>
    c.sync_mode === 'cdc'
      ? { parameter: 'sync_mode', message: '`sync_mode` `cdc` is not available for S3 objects; use `full_refresh` or `incremental` with a `cursor_field` (e.g. `_s3_last_modified`)' }
      : undefined,
  (c) =>
    c.compression === 'snappy' && c.file_format !== undefined && c.file_format !== 'parquet' && c.file_format !== 'auto'
      ? { parameter: 'compression', message: `\`compression\` \`snappy\` is a Parquet codec; ${c.file_format} files take \`gzip\`, \`zstd\`, \`none\` or \`auto\`` }
      : undefined,
  (c) =>
    c.parquet_columns && c.file_format !== undefined && c.file_format !== 'parquet' && c.file_format !== 'auto'
      ? { parameter: 'parquet_columns', message: `\`parquet_columns\` prunes Parquet column chunks; it does not apply to \`file_format\` \`${c.file_format}\`; remove it` }
      : undefined,
  (c) =>
    c.csv_delimiter !== undefined && c.csv_delimiter.length !== 1
      ? { parameter: 'csv_delimiter', message: '`csv_delimiter` must be exactly one character, e.g. "," or ";" or "\\t"' }
      : undefined,
  (c) =>
    c.endpoint_url !== undefined && !/^https?:\/\/[^\s/]+/i.test(c.endpoint_url)
      ? { parameter: 'endpoint_url', message: `\`endpoint_url\` must be an http(s) URL such as "http://127.0.0.1:9000"; got "${c.endpoint_url}"` }
      : undefined,
  (c) =>
    (c.access_key_id === undefined) !== (c.secret_access_key === undefined)
      ? { parameter: c.access_key_id === undefined ? 'access_key_id' : 'secret_access_key', message: '`access_key_id` and `secret_access_key` go together; set both, or neither to use the default AWS credential chain' }
      : undefined,
  (c) =>
    c.session_token !== undefined && c.access_key_id === undefined
      ? { parameter: 'session_token', message: '`session_token` needs `access_key_id` and `secret_access_key` (temporary credentials come as all three)' }
      : undefined,
];

/**
 * The one JSON Schema of the S3 connector's configuration (source and destination), with
 * legacy aliases, defaults and cross-field rules; the shared source parameters are spread in.
 */
export const s3Spec = defineSpec<S3Config>({
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['bucket'],
    properties: {
      bucket: { type: 'string', minLength: 1, pattern: '^[^/\\s]+$', description: 'Bucket name (no `s3://`, no slashes).', 'x-aliases': ['bucket_name'], 'x-example': 'my-data-lake' },
      path_prefix: {
        type: 'string',
        nullable: true,
        default: '',
        description: 'Key prefix the source lists under (e.g. `events/`) and the destination writes under.',
        'x-aliases': ['prefix', 'key_prefix'],
      },
      path_pattern: {
        type: ['string', 'array'],
        items: { type: 'string', minLength: 1 },
        nullable: true,
        description: 'Glob(s) matched against each key after `path_prefix` (`**/*.parquet`, `2024-*/*.csv.gz`). Default: every object except names starting with `_` or `.` (`_SUCCESS`, `.crc`).',
        'x-aliases': ['pattern', 'glob'],
      } as never,
      stream: { type: 'string', nullable: true, description: 'Stream name; default: the last folder of `path_prefix`, else the bucket name.', 'x-aliases': ['stream_name', 'table_name'] },
      file_format: {
        type: 'string',
        enum: [...S3_FORMATS],
        nullable: true,
        default: 'auto',
        description: '`csv`, `tsv`, `json` (an array of objects), `jsonl`, `parquet`; `auto` decides by extension (`.csv`, `.tsv`, `.json`, `.jsonl`/`.ndjson`, `.parquet`, before `.gz`/`.zst`).',
        'x-aliases': ['format'],
      },
      compression: {
        type: 'string',
        enum: [...S3_COMPRESSIONS],
        nullable: true,
        default: 'auto',
        description: 'Reading text: `auto` by extension (`.gz`, `.zst`), else `gzip`, `zstd` or `none`. Parquet declares its codec per column, so reads take `auto`. Writing: the codec of the output (Parquet: `snappy` by default, `gzip`, `zstd`, `none`; text: `gzip`, `zstd`, `none`, or `auto` from the key).',
        'x-aliases': ['compression_type', 'codec'],
      },
      region: { type: 'string', nullable: true, default: 'us-east-1', description: 'AWS region of the bucket.', 'x-aliases': ['aws_region', 'region_name'] },
      endpoint_url: {
        type: 'string',
        nullable: true,
        description: 'Endpoint of an S3-compatible service (MinIO, R2, Ceph, LocalStack); default: AWS.',
        'x-aliases': ['endpoint', 's3_endpoint'],
        'x-example': 'http://127.0.0.1:9000',
      },
      access_key_id: { type: 'string', nullable: true, description: 'Access key ID; default: the AWS SDK credential chain (environment, profile, instance role).', 'x-aliases': ['access_key', 'aws_access_key_id'] },
      secret_access_key: { type: 'string', nullable: true, description: 'Secret access key, with `access_key_id`.', 'x-aliases': ['secret_key', 'aws_secret_access_key'], 'x-secret': true },
      session_token: { type: 'string', nullable: true, description: 'Session token of temporary credentials.', 'x-aliases': ['aws_session_token'], 'x-secret': true },
      force_path_style: {
        type: 'boolean',
        nullable: true,
        description: 'Address buckets as `endpoint/bucket/key` instead of `bucket.endpoint/key`; default: true when `endpoint_url` is set, else false.',
        'x-aliases': ['path_style', 'use_path_style'],
      },
      csv_delimiter: { type: 'string', nullable: true, description: 'Field separator of csv/tsv files; default `,` for csv and a tab for tsv.', 'x-aliases': ['delimiter', 'sep'] },
      has_header: { type: 'boolean', nullable: true, default: true, description: 'Whether csv/tsv files start with a header row; without one, columns are `column_1..n`. The destination writes a header when true.', 'x-aliases': ['header'] },
      json_flatten: {
        type: 'boolean',
        nullable: true,
        default: false,
        description: 'json/jsonl: nested objects become columns joined with `_` (`address_city`); when false they stay one JSON column.',
        'x-aliases': ['flatten'],
      },
      parquet_columns: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        nullable: true,
        description: 'Read only these Parquet columns: other column chunks are never downloaded. Partition columns are always added.',
        'x-aliases': ['columns'],
      },
      partition_filter: {
        type: 'object',
        nullable: true,
        required: [],
        additionalProperties: {
          anyOf: [
            { type: 'string' },
            { type: 'number' },
            { type: 'array', items: scalar },
            { type: 'object', required: [], additionalProperties: false, properties: { gt: scalar, gte: scalar, lt: scalar, lte: scalar } },
          ],
        },
        description: 'Read only partitions whose values match, by partition column: a value, a list, or a range `{ "gte": .., "lt": .. }`. Non-matching prefixes are skipped without being listed.',
        'x-example': { year: 2024, month: { gte: 1, lte: 3 } },
      } as never,
      partition_by: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        nullable: true,
        description: 'Destination: write one object per distinct value of these columns under Hive-style keys `col=value/`; the columns are left out of the files.',
      },
      cost_limit_usd: { type: 'number', nullable: true, exclusiveMinimum: 0, description: 'Fail before downloading anything when the estimated cost of a read exceeds this many US dollars.', 'x-aliases': ['max_cost_usd'] },
      max_files_per_run: { type: 'integer', nullable: true, minimum: 1, description: 'Fail before downloading anything when a read would fetch more objects than this.', 'x-aliases': ['max_files'] },
      max_data_size_gb: { type: 'number', nullable: true, exclusiveMinimum: 0, description: 'Fail before downloading anything when a read would fetch more than this many GB (10^9 bytes).', 'x-aliases': ['max_size_gb'] },
      dev_sampling: {
        type: 'number',
        nullable: true,
        exclusiveMinimum: 0,
        maximum: 1,
        description: 'Development: read this fraction of the files (0.1 = one in ten), chosen by a stable hash of the key so reruns read the same files.',
        'x-aliases': ['sample_fraction'],
      },
      dev_max_files: { type: 'integer', nullable: true, minimum: 1, description: 'Development: read at most this many files (the first in read order) and ignore the rest.' },
      cost_prices: {
        type: 'object',
        nullable: true,
        required: [],
        additionalProperties: false,
        properties: {
          list_per_1000: { type: 'number', nullable: true, minimum: 0 },
          get_per_1000: { type: 'number', nullable: true, minimum: 0 },
          put_per_1000: { type: 'number', nullable: true, minimum: 0 },
          transfer_per_gb: { type: 'number', nullable: true, minimum: 0 },
        },
        description: `Prices in USD for the cost estimate; defaults are S3 Standard in us-east-1: LIST $${DEFAULT_S3_PRICES.listPer1000}/1000, GET $${DEFAULT_S3_PRICES.getPer1000}/1000, PUT $${DEFAULT_S3_PRICES.putPer1000}/1000, transfer out $${DEFAULT_S3_PRICES.transferPerGb}/GB.`,
        'x-example': { transfer_per_gb: 0 },
      },
      batch_size: { type: 'integer', nullable: true, minimum: 1, default: 10_000, description: 'Rows per Arrow batch (batches are also cut at 16 MiB).', 'x-aliases': ['chunk_size'] },
      parallel_workers: { type: 'integer', nullable: true, minimum: 1, maximum: 64, default: 4, description: 'Objects downloaded and decoded at once; rows still come out in file order.', 'x-aliases': ['max_workers', 'concurrency'] },
      multipart_part_size_mb: {
        type: 'integer',
        nullable: true,
        minimum: 5,
        maximum: 5120,
        default: 8,
        description: 'Destination: outputs larger than this many MiB are uploaded in parts of this size (multipart upload); smaller ones in one PUT.',
        'x-aliases': ['part_size_mb'],
      },
      ...sourceParameterProperties,
    },
  },
  rules: [...ownRules, ...sourceParameterRules],
});

/** The configuration with every default applied. */
export interface S3Options {
  readonly bucket: string;
  /** Normalised: no leading `/`. */
  readonly prefix: string;
  readonly patterns: readonly string[];
  readonly stream: string;
  readonly format: S3Format;
  readonly compression: S3Compression;
  readonly region: string;
  readonly endpoint: string | undefined;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string } | undefined;
  readonly forcePathStyle: boolean;
  readonly csvDelimiter: string | undefined;
  readonly hasHeader: boolean;
  readonly jsonFlatten: boolean;
  readonly parquetColumns: readonly string[] | undefined;
  readonly partitionFilter: Readonly<Record<string, PartitionCondition>> | undefined;
  readonly partitionBy: readonly string[];
  readonly costLimitUsd: number | undefined;
  readonly maxFiles: number | undefined;
  readonly maxBytes: number | undefined;
  readonly devSampling: number | undefined;
  readonly devMaxFiles: number | undefined;
  readonly prices: S3Prices;
  readonly batchSize: number;
  readonly parallelWorkers: number;
  readonly partSizeBytes: number;
  readonly source: SourceParameters;
}

function defaultStream(bucket: string, prefix: string): string {
  const last = prefix.split('/').filter(Boolean).pop();
  return (last ?? bucket).replace(/[^A-Za-z0-9_]+/g, '_');
}

/** Applies defaults to a configuration already validated by {@link s3Spec}. */
export function resolveS3Options(c: S3Config): S3Options {
  const prefix = (c.path_prefix ?? '').replace(/^\/+/, '');
  const patterns = c.path_pattern === undefined || c.path_pattern === null ? [] : Array.isArray(c.path_pattern) ? c.path_pattern : [c.path_pattern];
  const p = c.cost_prices ?? {};
  return {
    bucket: c.bucket,
    prefix,
    patterns,
    stream: c.stream ?? defaultStream(c.bucket, prefix),
    format: c.file_format ?? 'auto',
    compression: c.compression ?? 'auto',
    region: c.region ?? 'us-east-1',
    endpoint: c.endpoint_url ?? undefined,
    credentials:
      c.access_key_id && c.secret_access_key
        ? { accessKeyId: c.access_key_id, secretAccessKey: c.secret_access_key, ...(c.session_token ? { sessionToken: c.session_token } : {}) }
        : undefined,
    forcePathStyle: c.force_path_style ?? c.endpoint_url !== undefined,
    csvDelimiter: c.csv_delimiter ?? undefined,
    hasHeader: c.has_header ?? true,
    jsonFlatten: c.json_flatten ?? false,
    parquetColumns: c.parquet_columns ?? undefined,
    partitionFilter: c.partition_filter ?? undefined,
    partitionBy: c.partition_by ?? [],
    costLimitUsd: c.cost_limit_usd ?? undefined,
    maxFiles: c.max_files_per_run ?? undefined,
    maxBytes: c.max_data_size_gb === undefined || c.max_data_size_gb === null ? undefined : c.max_data_size_gb * 1e9,
    devSampling: c.dev_sampling ?? undefined,
    devMaxFiles: c.dev_max_files ?? undefined,
    prices: {
      listPer1000: p.list_per_1000 ?? DEFAULT_S3_PRICES.listPer1000,
      getPer1000: p.get_per_1000 ?? DEFAULT_S3_PRICES.getPer1000,
      putPer1000: p.put_per_1000 ?? DEFAULT_S3_PRICES.putPer1000,
      transferPerGb: p.transfer_per_gb ?? DEFAULT_S3_PRICES.transferPerGb,
    },
    batchSize: c.batch_size ?? 10_000,
    parallelWorkers: c.parallel_workers ?? 4,
    partSizeBytes: (c.multipart_part_size_mb ?? 8) * 1024 * 1024,
    source: resolveSourceParameters(c),
  };
}
