#!/usr/bin/env node
// CSV -> DuckDB: `sqlflow run` (pushdown on, and off) against DuckDB's own read_csv of the same
// file, alternating the order over several repetitions; prints medians, ratios and peak RSS.
// Usage: node bench/csv-to-duckdb/run.mjs [repetitions=5] [rows=1000000] [--no-stream]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { alternate, median, timed } from '../lib/measure.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const repetitions = Number(args[0] ?? 5);
const rows = Number(args[1] ?? 1_000_000);
const withStream = !process.argv.includes('--no-stream');
const csv = join(root, 'bench', 'data', `csv-read-${rows}.csv`);
if (!existsSync(csv)) spawnSync(process.execPath, [join(root, 'bench', 'csv-read', 'generate.mjs'), String(rows)], { stdio: 'inherit' });
const cli = join(root, 'apps', 'cli', 'bin', 'sqlflow.js');
if (!existsSync(join(root, 'apps', 'cli', 'dist'))) throw new Error('build first: NX_DAEMON=false npx nx run-many -t build');

const work = mkdtempSync(join(tmpdir(), 'sqlflow-bench-'));
mkdirSync(join(work, 'pipelines'));
const pipeline = join(work, 'pipelines', 'bench.sf');
writeFileSync(pipeline, `SOURCE events TYPE CSV PARAMS { "path": ${JSON.stringify(csv)} };\nLOAD events FROM events MODE REPLACE;\n`);


let n = 0;
const database = () => join(work, `db-${n++}.duckdb`);

const runners = {
  sqlflow: async () => {
    const r = await timed(process.execPath, [cli, 'run', pipeline, '--json', '--database', database()], root);
    const report = JSON.parse(r.out);
    const load = report.steps.find((s) => s.kind === 'load');
    if (report.status !== 'succeeded' || load.rows !== rows || load.pushdown !== 'duckdb') throw new Error(`unexpected report: ${r.out}`);
    return { wallMs: r.wallMs, stepMs: load.durationMs, peakRssMB: r.peakRssMB };
  },
  'sqlflow --no-pushdown': async () => {
    const r = await timed(process.execPath, [cli, 'run', pipeline, '--json', '--no-pushdown', '--database', database()], root);
    const report = JSON.parse(r.out);
    const load = report.steps.find((s) => s.kind === 'load');
    if (report.status !== 'succeeded' || load.rows !== rows || load.pushdown) throw new Error(`unexpected report: ${r.out}`);
    return { wallMs: r.wallMs, stepMs: load.durationMs, peakRssMB: r.peakRssMB };
  },
  duckdb: async () => {
    const r = await timed(process.execPath, [join(here, 'duckdb-read.mjs'), csv, database()], root);
    const result = JSON.parse(r.out);
    if (result.rows !== rows) throw new Error(`unexpected result: ${r.out}`);
    return { wallMs: r.wallMs, stepMs: result.queryMs, peakRssMB: r.peakRssMB };
  },
};

const names = Object.keys(runners).filter((name) => withStream || name !== 'sqlflow --no-pushdown');
const samples = await alternate(Object.fromEntries(names.map((name) => [name, runners[name]])), repetitions, (name, s, rep) => {
  console.error(`rep ${rep + 1} ${name}: wall ${(s.wallMs / 1000).toFixed(2)} s, load ${(s.stepMs / 1000).toFixed(2)} s, peak RSS ${s.peakRssMB.toFixed(0)} MB`);
  for (let i = 0; i < n; i++) rmSync(join(work, `db-${i}.duckdb`), { force: true });
});
rmSync(work, { recursive: true, force: true });

const summary = Object.fromEntries(
  names.map((name) => [name, {
    wallMs: Math.round(median(samples[name].map((s) => s.wallMs))),
    loadMs: Math.round(median(samples[name].map((s) => s.stepMs))),
    peakRssMB: Math.round(Math.max(...samples[name].map((s) => s.peakRssMB))),
  }]),
);
const base = summary.duckdb;
const result = {
  file: csv,
  fileMB: Math.round(statSync(csv).size / 1e5) / 10,
  rows,
  repetitions,
  medians: summary,
  ratio: {
    wall: Math.round((summary.sqlflow.wallMs / base.wallMs) * 100) / 100,
    load: Math.round((summary.sqlflow.loadMs / base.loadMs) * 100) / 100,
    ...(summary['sqlflow --no-pushdown'] ? { noPushdownWall: Math.round((summary['sqlflow --no-pushdown'].wallMs / base.wallMs) * 100) / 100 } : {}),
  },
};
console.log(JSON.stringify(result, null, 2));
