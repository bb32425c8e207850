#!/usr/bin/env node
// S3 read benchmark: 1,000,000 rows in 10 Parquet objects on a local S3-compatible server,
// read through @sqlflow/connector-s3 (built packages, imported by name); prints JSON with
// rows/s, peak RSS and the connector's request/byte usage. The data is generated and uploaded
// by a separate process (seed.mjs), so peak RSS is the reader's.
// Build first: npx nx run-many -t build -p @sqlflow/connector-s3 @sqlflow/testing @sqlflow/resilience
// Usage: node bench/s3-read/run.mjs [rows] [objects] [parallel_workers] [batch_size]
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startS3Server } from '@sqlflow/testing';
import { readThroughConnector } from './s3-bench-data.mjs';

const rows = Number(process.argv[2] ?? 1_000_000);
const objects = Number(process.argv[3] ?? 10);
const workers = Number(process.argv[4] ?? 4);
const batchSize = Number(process.argv[5] ?? 10_000);

const s3 = await startS3Server();
try {
  await s3.createBucket('bench');
  const seedStart = Date.now();
  const seeder = join(dirname(fileURLToPath(import.meta.url)), 'seed.mjs');
  // Asynchronously: the server's recording front runs in this process.
  const { stdout } = await promisify(execFile)(process.execPath, [seeder, s3.endpoint, 'bench', String(rows), String(objects)], { encoding: 'utf8' });
  const bytes = Number(stdout.trim().split('\n').pop());
  const seeded = (Date.now() - seedStart) / 1000;
  const result = await readThroughConnector({
    bucket: 'bench',
    path_prefix: 'bench/',
    endpoint_url: s3.endpoint,
    region: s3.region,
    access_key_id: s3.accessKeyId,
    secret_access_key: s3.secretAccessKey,
    parallel_workers: workers,
    batch_size: batchSize,
  });
  console.log(JSON.stringify({ node: process.version, rows, objects, parquetMB: +(bytes / 1024 / 1024).toFixed(1), seedSeconds: seeded, parallelWorkers: workers, batchSize, ...result }, null, 2));
} finally {
  await s3.stop();
}
