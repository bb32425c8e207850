import { ConfigError } from '@sqlflow/core';
import type { S3Compression, S3Format } from '../s3-config';

/** A concrete file format (never `auto`). */
export type FileFormat = Exclude<S3Format, 'auto'>;
/** A concrete stream codec of a text file. */
export type TextCodec = 'none' | 'gzip' | 'zstd';

const CODEC_EXT: ReadonlyArray<[RegExp, TextCodec]> = [
  [/\.gz$/i, 'gzip'],
  [/\.gzip$/i, 'gzip'],
  [/\.zst$/i, 'zstd'],
  [/\.zstd$/i, 'zstd'],
];

const FORMAT_EXT: ReadonlyArray<[RegExp, FileFormat]> = [
  [/\.csv$/i, 'csv'],
  [/\.tsv$/i, 'tsv'],
  [/\.tab$/i, 'tsv'],
  [/\.jsonl$/i, 'jsonl'],
  [/\.ndjson$/i, 'jsonl'],
  [/\.json$/i, 'json'],
  [/\.parquet$/i, 'parquet'],
  [/\.pq$/i, 'parquet'],
];

function stripCodec(key: string): string {
  for (const [re] of CODEC_EXT) if (re.test(key)) return key.replace(re, '');
  return key;
}

/** The format of a key: `file_format` when set, else by extension (before `.gz`/`.zst`). */
export function formatOf(key: string, configured: S3Format): FileFormat {
  if (configured !== 'auto') return configured;
  const base = stripCodec(key);
  for (const [re, format] of FORMAT_EXT) if (re.test(base)) return format;
  throw new ConfigError(`s3: cannot tell the format of s3 key "${key}" from its extension; set \`file_format\` (csv, tsv, json, jsonl, parquet) or narrow \`path_pattern\``, {
    connector: 's3',
    parameter: 'file_format',
  });
}

/** The stream codec of a text file: `compression` when set, else by extension. */
export function codecOf(key: string, configured: S3Compression): TextCodec {
  if (configured === 'gzip' || configured === 'zstd' || configured === 'none') return configured;
  if (configured === 'snappy') {
    throw new ConfigError(`s3: \`compression\` \`snappy\` applies to Parquet only, but "${key}" is a text file; use \`gzip\`, \`zstd\`, \`none\` or \`auto\``, { connector: 's3', parameter: 'compression' });
  }
  for (const [re, codec] of CODEC_EXT) if (re.test(key)) return codec;
  return 'none';
}

/** The file extension of a format plus codec, for written keys. */
export function extensionOf(format: FileFormat, codec: TextCodec): string {
  const base = format === 'parquet' ? '.parquet' : `.${format}`;
  return format === 'parquet' ? base : base + (codec === 'gzip' ? '.gz' : codec === 'zstd' ? '.zst' : '');
}
