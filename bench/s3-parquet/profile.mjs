#!/usr/bin/env node
// Where the time of `sqlflow run` goes for the benchmark's load: (1) the connector alone (S3 GETs
// + parquet-wasm decode to Arrow, no DuckDB) in a child process, (2) the CLI run under --cpu-prof,
// with main-thread CPU time grouped into parquet-wasm decode, Arrow -> DuckDB append, and the rest.
// Build first: NX_DAEMON=false npx nx run-many -t build
// Usage: node bench/s3-parquet/profile.mjs [--rows 1000000] [--objects 10]
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startS3Server } from '@sqlflow/testing';
import { arg } from '../lib/measure.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const rows = Number(arg('rows', 1_000_000));
const objects = Number(arg('objects', 10));
const exec = promisify(execFile);

/** Self time of a V8 CPU profile grouped by the first matching rule over each sample's stack. */
function breakdown(profile) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const rules = [
    ['Arrow -> DuckDB append (BatchAppender: vector writes + appendDataChunk)', (f) => f.url.includes('batch-appender') || f.url.includes('vector-write') || f.url.includes('column-plan')],
    ['DuckDB appender flush/close', (f) => f.functionName === 'flushSync' || f.functionName === 'closeSync'],
    ['parquet-wasm decode + Arrow IPC (connector)', (f) => f.url.includes('parquet') || f.url.startsWith('wasm://') || f.url.includes('connector-s3')],
    ['S3 client (AWS SDK, HTTP)', (f) => f.url.includes('@aws-sdk') || f.url.includes('@smithy') || f.url.startsWith('node:_http') || f.url.startsWith('node:net')],
    ['module loading', (f) => f.functionName === 'wrapSafe' || f.url.startsWith('node:internal/modules')],
    ['idle (waiting for I/O or DuckDB threads)', (f) => f.functionName === '(idle)'],
    ['garbage collection', (f) => f.functionName === '(garbage collector)'],
  ];
  const totals = new Map();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    all += dt;
    let label = 'other';
    for (let x = id; x !== undefined && label === 'other'; x = parent.get(x)) {
      const f = nodes.get(x).callFrame;
      const hit = rules.find(([, test]) => test(f));
      if (hit) label = hit[0];
    }
    totals.set(label, (totals.get(label) ?? 0) + dt);
  });
  return Object.fromEntries([...totals].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, `${Math.round(v / 1000)} ms (${Math.round((100 * v) / all)}%)`]));
}

const s3 = await startS3Server();
const work = mkdtempSync(join(here, '.work-'));
try {
  await s3.createBucket('bench');
  await exec(process.execPath, [join(here, 'seed.mjs'), s3.endpoint, 'bench', 'events/', String(rows), String(objects)]);
  const params = { bucket: 'bench', path_prefix: 'events/', file_format: 'parquet', endpoint_url: s3.endpoint, access_key_id: 'bench', secret_access_key: 'bench' };
  const reader = join(work, 'read.mjs');
  writeFileSync(reader, `import { readThroughConnector } from ${JSON.stringify(join(root, 'bench', 's3-read', 's3-bench-data.mjs'))};\nconsole.log(JSON.stringify(await readThroughConnector(${JSON.stringify(params)})));\n`);
  const connectorOnly = JSON.parse((await exec(process.execPath, [reader], { cwd: root })).stdout);

  const pipeline = join(work, 'events.sf');
  writeFileSync(pipeline, `SOURCE ev TYPE S3 PARAMS ${JSON.stringify(params)};\nLOAD events FROM ev;\n`);
  const profDir = join(work, 'prof');
  const out = (await exec(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profDir}`, join(root, 'apps', 'cli', 'bin', 'sqlflow.js'), 'run', pipeline, '--json', '--database', join(work, 'p.duckdb')], { cwd: root, maxBuffer: 1 << 24 })).stdout;
  const load = JSON.parse(out).steps.find((s) => s.kind === 'load');
  const profile = JSON.parse(readFileSync(join(profDir, readdirSync(profDir)[0]), 'utf8'));
  console.log(JSON.stringify({
    rows, objects,
    connectorOnly: { seconds: +connectorOnly.seconds.toFixed(2), rowsPerSecond: connectorOnly.rowsPerSecond, peakRssMB: connectorOnly.peakRssMB },
    cliLoadStepSecondsUnderProfiler: load.durationMs / 1000,
    cliMainThreadCpu: breakdown(profile),
  }, null, 2));
} finally {
  rmSync(work, { recursive: true, force: true });
  await s3.stop();
}
