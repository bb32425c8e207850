// zstd-compressed text objects, as written by a real zstd producer (DuckDB's COPY ... COMPRESSION
// zstd), read back through the connector on any supported Node.js: where zlib has no zstd
// (before 22.15), a pure-JavaScript streaming decompressor is used.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DuckDBInstance } from '@duckdb/node-api';
import { collectRows } from '@sqlflow/testing';
import { seedClient, startS3Server, type S3TestServer, openS3Session } from './s3-fixtures';

let s3: S3TestServer;
let client: S3Client;
const BUCKET = 'zst';
const dir = mkdtempSync(join(tmpdir(), 's3-zstd-'));

beforeAll(async () => {
  s3 = await startS3Server();
  await s3.createBucket(BUCKET);
  client = seedClient(s3);
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const rows = "SELECT i AS id, 'name ' || i AS name, i * 1.5 AS amount FROM range(1, 5001) t(i)";
  await c.run(`COPY (${rows}) TO '${join(dir, 'data.csv.zst')}' (FORMAT csv, HEADER, COMPRESSION zstd)`);
  await c.run(`COPY (${rows}) TO '${join(dir, 'data.jsonl.zst')}' (FORMAT json, COMPRESSION zstd)`);
  c.closeSync();
  db.closeSync();
  for (const [folder, file] of [['csv/', 'data.csv.zst'], ['jsonl/', 'data.jsonl.zst']] as const) {
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${folder}${file}`, Body: readFileSync(join(dir, file)) }));
  }
}, 60_000);

afterAll(async () => {
  client?.destroy();
  await s3?.stop();
});

it.each([
  ['csv', 'csv/'],
  ['jsonl', 'jsonl/'],
])('reads zstd-compressed %s back row for row', async (format, prefix) => {
  const session = await openS3Session(s3, BUCKET, { path_prefix: prefix, file_format: format, stream: 'data' });
  try {
    const { rows } = await collectRows(session.read!({ stream: 'data', syncMode: 'full_refresh' }));
    expect(rows).toHaveLength(5000);
    const byId = new Map(rows.map((r) => [Number(r.id), r]));
    expect(byId.get(1)).toMatchObject({ name: 'name 1', amount: 1.5 });
    expect(byId.get(5000)).toMatchObject({ name: 'name 5000', amount: 7500 });
    expect(new Set(rows.map((r) => Number(r.id))).size).toBe(5000);
  } finally {
    await session.close();
  }
});
