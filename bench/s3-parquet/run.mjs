#!/usr/bin/env node
// S3 Parquet -> DuckDB: `sqlflow run` of a two-line pipeline (SOURCE ... TYPE S3; LOAD) against
// the manual path (download the objects with @aws-sdk/client-s3, then DuckDB read_parquet), both
// over the same objects on a local S3-compatible server, alternating the order over several
// repetitions. Prints medians, the ratio (sqlflow / manual) and peak RSS as JSON.
// Build first: NX_DAEMON=false npx nx run-many -t build
// Usage: node bench/s3-parquet/run.mjs [--reps 5] [--rows 1000000] [--objects 10]
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startS3Server } from '@sqlflow/testing';
import { alternate, arg, median, timed } from '../lib/measure.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const repetitions = Number(arg('reps', 5));
const rows = Number(arg('rows', 1_000_000));
const objects = Number(arg('objects', 10));
const cli = join(root, 'apps', 'cli', 'bin', 'sqlflow.js');
if (!existsSync(join(root, 'apps', 'cli', 'dist'))) throw new Error('build first: NX_DAEMON=false npx nx run-many -t build');



const s3 = await startS3Server();
// Inside the repository, so that `TYPE S3` also resolves as the installed @sqlflow/connector-s3.
const work = mkdtempSync(join(here, '.work-'));
try {
  const bucket = 'bench';
  const prefix = 'events/';
  await s3.createBucket(bucket);
  const seeded = JSON.parse((await promisify(execFile)(process.execPath, [join(here, 'seed.mjs'), s3.endpoint, bucket, prefix, String(rows), String(objects)], { encoding: 'utf8' })).stdout);
  const pipeline = join(work, 's3_events.sf');
  writeFileSync(
    pipeline,
    `SOURCE ev TYPE S3 PARAMS {
  "bucket": "${bucket}", "endpoint_url": "${s3.endpoint}", "force_path_style": true,
  "access_key_id": "bench", "secret_access_key": "bench",
  "file_format": "parquet", "path_prefix": "${prefix}"
};
LOAD events FROM ev;
`,
  );
  let n = 0;
  const fresh = () => join(work, `out-${n++}.duckdb`);
  const runners = {
    sqlflow: async () => {
      s3.clearLog();
      const r = await timed(process.execPath, [cli, 'run', pipeline, '--json', '--database', fresh()], root);
      const report = JSON.parse(r.out);
      const load = report.steps.find((s) => s.kind === 'load');
      if (report.status !== 'succeeded' || load.rows !== rows) throw new Error(`unexpected report: ${r.out}`);
      const gets = s3.requestLog().filter((q) => q.method === 'GET' && !('list-type' in q.query)).length;
      return { wallMs: r.wallMs, stepMs: load.durationMs, peakRssMB: r.peakRssMB, gets, usage: load.usage };
    },
    'download + DuckDB read_parquet': async () => {
      s3.clearLog();
      const r = await timed(process.execPath, [join(here, 'manual.mjs'), s3.endpoint, bucket, prefix, fresh()], root);
      const result = JSON.parse(r.out);
      if (result.rows !== rows) throw new Error(`unexpected result: ${r.out}`);
      const gets = s3.requestLog().filter((q) => q.method === 'GET' && !('list-type' in q.query)).length;
      return { wallMs: r.wallMs, stepMs: result.downloadMs + result.readMs, downloadMs: result.downloadMs, readMs: result.readMs, peakRssMB: r.peakRssMB, gets };
    },
  };
  const names = Object.keys(runners);
  const samples = await alternate(runners, repetitions, (name, s, rep) => {
    console.error(`rep ${rep + 1}, ${name}: wall ${(s.wallMs / 1000).toFixed(2)} s, step ${(s.stepMs / 1000).toFixed(2)} s, peak RSS ${s.peakRssMB.toFixed(0)} MB, ${s.gets} GET`);
    for (let i = 0; i < n; i++) for (const f of [`out-${i}.duckdb`, `out-${i}.duckdb.wal`]) rmSync(join(work, f), { force: true });
  });
  const summarize = (name) => ({
    wallMs: Math.round(median(samples[name].map((s) => s.wallMs))),
    samplesMs: samples[name].map((s) => Math.round(s.wallMs)),
    stepMs: Math.round(median(samples[name].map((s) => s.stepMs))),
    peakRssMB: Math.round(Math.max(...samples[name].map((s) => s.peakRssMB))),
    getRequests: samples[name][0].gets,
  });
  const sqlflow = { ...summarize('sqlflow'), usage: samples.sqlflow[0].usage };
  const manual = {
    ...summarize(names[1]),
    downloadMs: Math.round(median(samples[names[1]].map((s) => s.downloadMs))),
    readMs: Math.round(median(samples[names[1]].map((s) => s.readMs))),
  };
  console.log(JSON.stringify({
    node: process.version, rows, objects, parquetMB: +(seeded.bytes / 1024 / 1024).toFixed(1), repetitions,
    medians: { sqlflow, [names[1]]: manual },
    ratioWall: Math.round((sqlflow.wallMs / manual.wallMs) * 100) / 100,
    ratioStep: Math.round((sqlflow.stepMs / manual.stepMs) * 100) / 100,
  }, null, 2));
} finally {
  rmSync(work, { recursive: true, force: true });
  await s3.stop();
}
