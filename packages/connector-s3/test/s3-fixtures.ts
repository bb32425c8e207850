// Shared test helpers: a real S3 test server, a client for seeding it, Parquet writing, contexts.
import { gzipSync } from 'node:zlib';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { tableFromArrays, tableToIPC, type Table } from 'apache-arrow';
import { Compression, Table as WasmTable, writeParquet, WriterPropertiesBuilder } from 'parquet-wasm/node';
import { type ConnectorContext, createContext, openConnector } from '@sqlflow/core';
import { s3Connector, type S3Session } from '@sqlflow/connector-s3';
import { createPolicy, filePreset, type RetryEvent } from '@sqlflow/resilience';
import { type S3TestServer, startS3Server } from '@sqlflow/testing';

export { startS3Server, type S3TestServer };

/** A seeding client for the test server (not the connector's). */
export function seedClient(s3: S3TestServer): S3Client {
  return new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
}

/** Connector parameters pointing at the test server. */
export function serverParams(s3: S3TestServer, bucket: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { bucket, endpoint_url: s3.endpoint, region: s3.region, access_key_id: s3.accessKeyId, secret_access_key: s3.secretAccessKey, ...extra };
}

export async function put(client: S3Client, bucket: string, key: string, body: string | Uint8Array): Promise<void> {
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: Buffer.from(body) }));
}

export function gz(text: string): Uint8Array {
  return gzipSync(text);
}

/** Parquet bytes of a table (snappy unless told), with row groups of `rowGroupRows`. */
export function parquetOf(table: Table, codec: Compression = Compression.SNAPPY, rowGroupRows = 1_000_000): Uint8Array {
  const props = new WriterPropertiesBuilder().setCompression(codec).setMaxRowGroupSize(rowGroupRows).build();
  return writeParquet(WasmTable.fromIPCStream(tableToIPC(table, 'stream')), props);
}

export { tableFromArrays, Compression };

/** A context with the file preset policy; `retries` collects retry events. */
export function fileContext(retries: RetryEvent[] = []): ConnectorContext {
  return createContext({ policy: createPolicy({ ...filePreset, initialDelayMs: 1, maxDelayMs: 5, onRetry: (e) => retries.push(e) }) });
}

/** Opens the connector on `bucket` of the test server with `extra` parameters (file preset policy unless `context`). */
export async function openS3Session(s3: S3TestServer, bucket: string, extra: Record<string, unknown> = {}, context = fileContext()): Promise<S3Session> {
  return (await openConnector(s3Connector, serverParams(s3, bucket, extra), context)) as S3Session;
}

/** GET requests in the server log, optionally only those under a path prefix. */
export function gets(s3: S3TestServer, pathPrefix = '/'): number {
  return s3.requestLog().filter((r) => r.method === 'GET' && !('list-type' in r.query) && r.path.startsWith(pathPrefix)).length;
}

/** LIST requests in the server log. */
export function lists(s3: S3TestServer): ReturnType<S3TestServer['requestLog']> {
  return s3.requestLog().filter((r) => 'list-type' in r.query);
}
