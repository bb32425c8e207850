#!/usr/bin/env node
// The S3 example, offline: starts a local S3-compatible server (fauxqs, via startS3Server() from
// @sqlflow/testing), uploads two years of Hive-partitioned Parquet events, then runs the
// pipelines through the built CLI with the server's address in --vars:
//   1. pipelines/one_month.sf: a partition_filter that fetches one month of 24;
//   2. pipelines/events.sf: an incremental load of every month, plus an EXPORT to S3 as Parquet
//      partitioned by year; then two new months arrive and the second run fetches only those
//      (and the last month it had loaded, whose rows it skips);
// and prints what each run fetched (from the server's request log), the run report's S3 usage
// and the results, and stops the server.
// From the repository root, after `npm install`:
//   NX_DAEMON=false npx nx run-many -t build
//   node examples/s3/run-demo.mjs
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Engine } from '@sqlflow/engine';
import { startS3Server } from '@sqlflow/testing';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', '..', 'apps', 'cli', 'bin', 'sqlflow.js');
const database = join(here, 'target', 'warehouse.duckdb');
rmSync(join(here, 'target'), { recursive: true, force: true });

const s3 = await startS3Server();
const client = new S3Client({ endpoint: s3.endpoint, region: s3.region, forcePathStyle: true, credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey } });

/** Uploads one month of sample events (written as Parquet by DuckDB) to events/year=Y/month=MM/. */
async function putMonths(months) {
  const dir = mkdtempSync(join(tmpdir(), 'sqlflow-s3-example-'));
  const engine = await Engine.open({ path: ':memory:' });
  try {
    for (const [year, month] of months) {
      const file = join(dir, 'part-0.parquet');
      const base = (year * 100 + month) * 1000;
      await engine.run(`COPY (
        SELECT ${base} + i AS event_id, 1 + (i * 7) % 50 AS user_id, ['view', 'cart', 'purchase'][1 + i % 3] AS kind,
               CASE WHEN i % 3 = 2 THEN round(5 + (i * 13) % 90 + ${month} / 10, 2) ELSE 0 END AS amount,
               make_timestamp(${year}, ${month}, 1 + i % 28, i % 24, 0, 0) AS occurred_at
        FROM range(200) t(i)) TO '${file}' (FORMAT parquet)`);
      const key = `events/year=${year}/month=${String(month).padStart(2, '0')}/part-0.parquet`;
      await client.send(new PutObjectCommand({ Bucket: 'lake', Key: key, Body: readFileSync(file) }));
    }
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs a pipeline through the CLI (asynchronously: this process serves the S3 front) and returns its report. */
async function run(pipeline, vars = {}) {
  s3.clearLog();
  const args = [cli, 'run', join(here, 'pipelines', pipeline), '--json', '--vars', JSON.stringify({ s3_endpoint: s3.endpoint, ...vars })];
  const env = { ...process.env, S3_SECRET_ACCESS_KEY: s3.secretAccessKey };
  const { stdout } = await promisify(execFile)(process.execPath, args, { env, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }).catch((e) => {
    throw new Error(`sqlflow run ${pipeline} failed:\n${e.stdout}\n${e.stderr}`);
  });
  const report = JSON.parse(stdout);
  const log = s3.requestLog();
  const objectGets = log.filter((r) => r.method === 'GET' && !('list-type' in r.query));
  const months = [...new Set(objectGets.map((r) => /year=(\d+)\/month=(\d+)/.exec(r.path)?.slice(1).join('-')).filter(Boolean))].sort();
  console.log(`${pipeline}: ${report.status}; the server saw ${log.filter((r) => 'list-type' in r.query).length} LIST, ${objectGets.length} GET, ${log.filter((r) => r.method === 'PUT').length} PUT`);
  console.log(`  months fetched: ${months.length > 6 ? `${months.length} (${months[0]} .. ${months.at(-1)})` : months.join(', ') || 'none'}`);
  for (const step of report.steps.filter((s) => s.kind === 'load' || s.kind === 'export')) {
    const u = step.usage;
    const wm = step.kind === 'load' && step.watermarkAfter ? `, watermark ${step.watermarkBefore?.value ?? '(none)'} -> ${step.watermarkAfter.value}` : '';
    const rows = step.kind === 'load' ? `read ${step.rowsRead}, wrote ${step.rows}, skipped ${step.skippedRows ?? 0}` : `wrote ${step.rows} rows to ${step.destination}`;
    console.log(`  ${step.id}: ${rows}${wm}${u ? `; S3 usage ${u.listRequests} LIST, ${u.getRequests} GET, ${u.putRequests} PUT, ${u.bytesDownloaded} bytes down, $${u.costUsd.toFixed(6)}` : ''}`);
  }
  return report;
}

async function query(sql) {
  const engine = await Engine.open({ path: database });
  try {
    return await engine.query(sql);
  } finally {
    await engine.close();
  }
}

try {
  await s3.createBucket('lake');
  const months = [2023, 2024].flatMap((y) => Array.from({ length: 12 }, (_, m) => [y, m + 1]));
  await putMonths(months);
  console.log(`uploaded ${months.length} months of events to s3://lake/events/ on ${s3.endpoint}\n`);

  console.log('== 1. partition_filter: one month of 24');
  await run('one_month.sf', { year: 2024, month: 3 });
  console.table((await query('SELECT kind, events, amount FROM one_month_by_kind')).map((r) => ({ ...r, events: Number(r.events) })));

  console.log('\n== 2. incremental, run 1: every month, and the summary exported to S3');
  await run('events.sf');

  await putMonths([[2025, 1], [2025, 2]]);
  console.log('\n== 3. two new months uploaded; incremental, run 2');
  await run('events.sf');
  console.table((await query('SELECT year, month, events, users, revenue FROM monthly ORDER BY year DESC, month DESC LIMIT 4')).map((r) => ({ ...r, year: Number(r.year), month: Number(r.month), events: Number(r.events), users: Number(r.users) })));
  const [{ n, d }] = await query('SELECT count(*) AS n, count(DISTINCT event_id) AS d FROM events_raw');
  console.log(`events_raw: ${n} rows, ${d} distinct events (every event exactly once)`);

  const listed = await client.send(new ListObjectsV2Command({ Bucket: 'lake', Prefix: 'reports/' }));
  console.log(`\nexport (partition_by year):\n${(listed.Contents ?? []).map((o) => `  s3://lake/${o.Key} (${o.Size} bytes)`).join('\n')}`);
} finally {
  client.destroy();
  await s3.stop();
}
