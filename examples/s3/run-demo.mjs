#!/usr/bin/env node
// Runs examples/s3/pipelines/events.sf against a local S3-compatible server (fauxqs, started by
// @sqlflow/testing's startS3Server): seeds 3 years x 12 months of Hive-partitioned Parquet,
// runs the pipeline, adds a month, runs it again, and shows from the server's request log that
// the second run read only the new partitions.
// From the repository root, after `npm install` and a build:
//   npx nx run-many -t build -p @sqlflow/testing @sqlflow/connector-s3 sqlflow
//   node examples/s3/run-demo.mjs
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Compression, Table as WasmTable, writeParquet, WriterPropertiesBuilder } from 'parquet-wasm/node';
import { startS3Server } from '@sqlflow/testing';

const { Float64, Int64, Field, Schema, Table, tableToIPC, makeVector } = createRequire(import.meta.url)('apache-arrow');
const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', '..', 'apps', 'cli', 'bin', 'sqlflow.js');
mkdirSync(join(here, 'target'), { recursive: true });
const database = join(here, 'target', 's3.duckdb');

function monthParquet(year, month) {
  const n = 100;
  const ids = BigInt64Array.from({ length: n }, (_, i) => BigInt((year * 100 + month) * 1000 + i));
  const amounts = Float64Array.from({ length: n }, (_, i) => ((i * 37) % 100) + month / 10);
  const schema = new Schema([new Field('event_id', new Int64(), false), new Field('amount', new Float64(), false)]);
  const table = new Table(schema, { event_id: makeVector(ids), amount: makeVector(amounts) });
  return writeParquet(WasmTable.fromIPCStream(tableToIPC(table, 'stream')), new WriterPropertiesBuilder().setCompression(Compression.ZSTD).build());
}

const s3 = await startS3Server();
const client = new S3Client({ endpoint: s3.endpoint, region: s3.region, forcePathStyle: true, credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey } });
const putMonth = (y, m) =>
  client.send(new PutObjectCommand({ Bucket: 'lake', Key: `events/year=${y}/month=${String(m).padStart(2, '0')}/part-0.parquet`, Body: Buffer.from(monthParquet(y, m)) }));
try {
  await s3.createBucket('lake');
  for (const y of [2022, 2023, 2024]) for (let m = 1; m <= 12; m++) await putMonth(y, m);

  const run = (label) => {
    s3.clearLog();
    const out = execFileSync(process.execPath, [cli, 'run', join(here, 'pipelines', 'events.sf'), '--database', database, '--vars', `s3_endpoint=${s3.endpoint}`, '--json'], {
      encoding: 'utf8',
      env: { ...process.env, S3_SECRET_ACCESS_KEY: s3.secretAccessKey },
    });
    const report = JSON.parse(out);
    const log = s3.requestLog();
    const gets = log.filter((r) => r.method === 'GET' && !('list-type' in r.query));
    const months = new Set(gets.map((r) => /year=(\d+)\/month=(\d+)/.exec(r.path)?.slice(1).join('-')).filter(Boolean));
    console.log(`${label}: status ${report.status}; ${log.filter((r) => 'list-type' in r.query).length} LIST, ${gets.length} GET; partitions fetched: ${[...months].join(', ')}`);
    return report;
  };
  run('run 1 (36 months)');
  await putMonth(2025, 1);
  run('run 2 (one new month)');
  console.log('\nreport written to s3://lake/reports/monthly.csv');
} finally {
  client.destroy();
  await s3.stop();
}
