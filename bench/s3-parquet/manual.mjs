#!/usr/bin/env node
// The manual path the benchmark compares against: download every object under the prefix with
// @aws-sdk/client-s3 (4 at a time, like the connector's default parallel_workers) to a temp
// dir, then DuckDB CREATE TABLE t AS SELECT * FROM read_parquet('<dir>/*.parquet') into a fresh
// database file. Prints {"downloadMs", "readMs", "rows", "objects", "bytes"} as JSON.
// Usage: node bench/s3-parquet/manual.mjs <endpoint> <bucket> <prefix> <database file>
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';

const require = createRequire(new URL('../../packages/engine/package.json', import.meta.url));
const { DuckDBInstance } = require('@duckdb/node-api');

const [endpoint, bucket, prefix, database] = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), 'sqlflow-bench-s3-manual-'));
try {
  const started = performance.now();
  const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
  const keys = [];
  let token;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const o of page.Contents ?? []) if (o.Key.endsWith('.parquet')) keys.push(o.Key);
    token = page.NextContinuationToken;
  } while (token);
  let bytes = 0;
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const key = keys[next++];
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      bytes += object.ContentLength ?? 0;
      await pipeline(object.Body, createWriteStream(join(dir, basename(key))));
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  client.destroy();
  const downloadMs = performance.now() - started;

  const readStarted = performance.now();
  const instance = await DuckDBInstance.create(database);
  const connection = await instance.connect();
  await connection.run(`CREATE TABLE t AS SELECT * FROM read_parquet('${join(dir, '*.parquet').replace(/'/g, "''")}')`);
  const readMs = performance.now() - readStarted;
  const rows = Number((await connection.runAndReadAll('SELECT count(*) FROM t')).getRowsJS()[0][0]);
  connection.closeSync();
  instance.closeSync();
  console.log(JSON.stringify({ downloadMs, readMs, rows, objects: keys.length, bytes }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
