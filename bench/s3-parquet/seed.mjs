#!/usr/bin/env node
// Generates the benchmark's Parquet objects with DuckDB (mixed types, nulls, DuckDB's default
// writer: snappy, row groups of 122,880 rows) and uploads them to a running S3 server. Run in its
// own process by run.mjs. Prints {"objects", "bytes"} as JSON.
// Usage: node bench/s3-parquet/seed.mjs <endpoint> <bucket> <prefix> <rows> <objects>
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

const require = createRequire(new URL('../../packages/engine/package.json', import.meta.url));
const { DuckDBInstance } = require('@duckdb/node-api');

const [endpoint, bucket, prefix, rowsArg, objectsArg] = process.argv.slice(2);
const rows = Number(rowsArg);
const objects = Number(objectsArg);
const per = Math.ceil(rows / objects);
const dir = mkdtempSync(join(tmpdir(), 'sqlflow-bench-s3-seed-'));
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
let bytes = 0;
try {
  for (let o = 0; o < objects; o++) {
    const file = join(dir, `part-${String(o).padStart(3, '0')}.parquet`);
    const from = o * per;
    const to = Math.min(rows, from + per);
    // Eleven columns: integers of three widths, text (low and high cardinality, nulls), double,
    // decimal, boolean, date, timestamp with time zone and a list.
    await connection.run(`COPY (
      SELECT i::BIGINT AS id,
             (i % 100000)::INTEGER AS customer_id,
             (i % 7)::SMALLINT AS channel,
             ['new', 'paid', 'shipped', 'refunded'][1 + i % 4] AS status,
             CASE WHEN i % 5 = 0 THEN NULL ELSE 'note ' || md5(i::VARCHAR) END AS note,
             ((i * 104729) % 10000000) / 100.0 AS amount_double,
             (((i * 7919) % 1000000) / 100.0)::DECIMAL(12, 2) AS amount,
             i % 3 = 0 AS paid,
             DATE '2020-01-01' + (i % 1500)::INTEGER AS order_date,
             TIMESTAMPTZ '2020-01-01 00:00:00+00' + i * INTERVAL 7 SECOND AS created_at,
             [i % 10, i % 100]::INTEGER[] AS tags
      FROM range(${from}, ${to}) t(i)
    ) TO '${file}' (FORMAT parquet)`);
    const body = readFileSync(file);
    bytes += body.byteLength;
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}part-${String(o).padStart(3, '0')}.parquet`, Body: body }));
  }
} finally {
  client.destroy();
  connection.closeSync();
  instance.closeSync();
  rmSync(dir, { recursive: true, force: true });
}
console.log(JSON.stringify({ objects, bytes }));
