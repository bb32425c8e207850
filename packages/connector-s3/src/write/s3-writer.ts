import type { Field, RecordBatch } from 'apache-arrow';
import { ConfigError, throwIfAborted, type WriteRequest, type WriteResult } from '@sqlflow/core';
import { codecOf, type FileFormat, formatOf } from '../formats/format-detect';
import type { S3Calls } from '../s3-client';
import type { S3Options } from '../s3-config';
import { delimiterOf } from '../formats/text-rows';
import { contentTypeOf, type ObjectWriter, objectWriter } from './object-writers';
import { S3Upload } from './s3-upload';
import { cellReader } from './value-text';

/** The object key a write targets: `s3://bucket/key` as is, else `stream` under `path_prefix`. */
export function targetKey(options: S3Options, stream: string): string {
  const uri = /^s3a?:\/\/([^/]+)\/(.+)$/.exec(stream);
  if (uri) {
    if (uri[1] !== options.bucket) {
      throw new ConfigError(`s3: the export target ${stream} is in bucket \`${uri[1]}\` but the connector's \`bucket\` is \`${options.bucket}\`; use one bucket`, { connector: 's3', parameter: 'bucket' });
    }
    return uri[2]!;
  }
  const prefix = options.prefix === '' || options.prefix.endsWith('/') ? options.prefix : `${options.prefix}/`;
  return prefix + stream.replace(/^\/+/, '');
}

function partitionSegment(column: string, value: unknown): string {
  const text = value === null || value === undefined ? '__HIVE_DEFAULT_PARTITION__' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return `${encodeURIComponent(column)}=${encodeURIComponent(text)}`;
}

function partitionedKey(key: string, segments: readonly string[]): string {
  const slash = key.lastIndexOf('/');
  return `${key.slice(0, slash + 1)}${segments.join('/')}/${key.slice(slash + 1)}`;
}

/**
 * Writes the batches to S3 as csv, tsv, jsonl or parquet (compressed as configured), one
 * object, or one per `partition_by` value under Hive-style keys. Objects become visible only
 * when every batch was written; on failure, multipart uploads are aborted and nothing is left.
 */
export async function writeS3(calls: S3Calls, options: S3Options, request: WriteRequest): Promise<WriteResult> {
  if (request.mode === 'append_dedup') {
    throw new ConfigError('s3: objects cannot be deduplicated in place; export with mode `append` or `overwrite` (both write the object, replacing one of the same key)', { connector: 's3', parameter: 'destination_sync_mode' });
  }
  const key = targetKey(options, request.stream);
  const format: FileFormat = formatOf(key, options.format);
  if (format === 'json') {
    throw new ConfigError('s3: the destination writes csv, tsv, jsonl and parquet; for JSON use `"file_format": "jsonl"` (one object per line)', { connector: 's3', parameter: 'file_format' });
  }
  const codec = format === 'parquet' ? options.compression : codecOf(key, options.compression);
  const partitionBy = options.partitionBy;
  const missing = partitionBy.filter((c) => !request.schema.fields.some((f) => f.name === c));
  if (missing.length > 0) {
    throw new ConfigError(`s3: \`partition_by\` names ${missing.map((c) => `\`${c}\``).join(', ')}, not a column of the exported rows; its columns are ${request.schema.fields.map((f) => `\`${f.name}\``).join(', ')}`, {
      connector: 's3',
      parameter: 'partition_by',
    });
  }
  const fields: Field[] = request.schema.fields.filter((f) => !partitionBy.includes(f.name));
  const writers = new Map<string, { writer: ObjectWriter; upload: S3Upload }>();
  const writerFor = (objectKey: string): ObjectWriter => {
    let entry = writers.get(objectKey);
    if (!entry) {
      const upload = new S3Upload(calls, objectKey, contentTypeOf(format), options.partSizeBytes, request.signal);
      entry = { upload, writer: objectWriter(upload, format, fields, codec, { delimiter: delimiterOf(format, options.csvDelimiter), header: options.hasHeader }) };
      writers.set(objectKey, entry);
    }
    return entry.writer;
  };
  let rows = 0;
  try {
    for await (const batch of request.batches) {
      throwIfAborted(request.signal);
      rows += batch.numRows;
      if (partitionBy.length === 0) await writerFor(key).write(batch, undefined);
      else for (const [objectKey, indices] of groupRows(batch, partitionBy)) await writerFor(partitionedKey(key, objectKey)).write(batch, indices);
    }
    if (writers.size === 0 && partitionBy.length === 0) writerFor(key);
    for (const { writer } of writers.values()) await writer.finish();
  } catch (e) {
    await Promise.all([...writers.values()].map(({ writer }) => writer.abort()));
    throw e;
  }
  const uploads = [...writers.values()].map((w) => w.upload);
  return { rows, bytes: uploads.reduce((n, u) => n + u.bytes, 0), locations: uploads.map((u) => `s3://${options.bucket}/${u.key}`) };
}

function groupRows(batch: RecordBatch, columns: readonly string[]): Map<string[], number[]> {
  const readers = columns.map((c) => cellReader(batch.schema.fields.find((f) => f.name === c)!, batch.getChild(c)!));
  const groups = new Map<string, { segments: string[]; rows: number[] }>();
  for (let i = 0; i < batch.numRows; i++) {
    const segments = columns.map((c, j) => partitionSegment(c, readers[j]!(i)));
    const id = segments.join('/');
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { segments, rows: [] }));
    g.rows.push(i);
  }
  return new Map([...groups.values()].map((g) => [g.segments, g.rows]));
}
