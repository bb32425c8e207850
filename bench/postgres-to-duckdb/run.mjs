#!/usr/bin/env node
// PostgreSQL -> DuckDB: `sqlflow run` (connector: binary COPY -> Arrow -> DuckDB) against the manual
// path a user would take (psql \copy to a CSV file, then DuckDB read_csv), alternating the order
// over several repetitions; prints medians, the ratio and peak RSS per table size.
// Usage: node bench/postgres-to-duckdb/run.mjs [--reps 5] [--sizes 1000000,5000000] [--capped-memory 32MB] [--url postgres://postgres@127.0.0.1:5432/test]
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { alternate, arg, median, timed } from '../lib/measure.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const repetitions = Number(arg('reps', 5));
const sizes = arg('sizes', '1000000,5000000').split(',').map(Number);
const adminUrl = new URL(arg('url', process.env.SQLFLOW_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'));
const databaseName = 'sqlflow_bench_pg_duckdb';
const url = new URL(adminUrl.href);
url.pathname = `/${databaseName}`;
const cli = join(root, 'apps', 'cli', 'bin', 'sqlflow.js');
if (!existsSync(join(root, 'apps', 'cli', 'dist'))) throw new Error('build first: NX_DAEMON=false npx nx run-many -t build');

const require = createRequire(join(root, 'packages', 'connector-postgres', 'package.json'));
const postgres = require('postgres');

/** Creates the benchmark database and a table of `rows` rows once (kept between runs). */
async function seed(rows) {
  const admin = postgres(adminUrl.href, { max: 1, onnotice: () => undefined });
  const [exists] = await admin`SELECT 1 FROM pg_database WHERE datname = ${databaseName}`;
  if (!exists) await admin.unsafe(`CREATE DATABASE ${databaseName}`);
  await admin.end();
  const sql = postgres(url.href, { max: 1, onnotice: () => undefined });
  const table = `orders_${rows}`;
  const [present] = await sql`SELECT count(*)::int AS n FROM pg_class WHERE relname = ${table}`;
  if (present.n === 0) {
    console.error(`seeding ${table} (${rows.toLocaleString('en')} rows)...`);
    await sql.unsafe(`
      CREATE TABLE ${table} (
        id bigint PRIMARY KEY, customer_id integer NOT NULL, amount numeric(12,2) NOT NULL, status text NOT NULL,
        note text, created_at timestamptz NOT NULL, attributes jsonb, paid boolean NOT NULL
      );
      INSERT INTO ${table}
      SELECT i, (i * 7919) % 100000, ((i * 104729) % 10000000) / 100.0,
             (ARRAY['new', 'paid', 'shipped', 'refunded'])[1 + i % 4],
             CASE WHEN i % 5 = 0 THEN NULL ELSE 'order note ' || md5(i::text) END,
             timestamptz '2020-01-01 00:00:00+00' + i * interval '7 seconds' + (i % 1000) * interval '1 microsecond',
             jsonb_build_object('channel', (ARRAY['web', 'store', 'app'])[1 + i % 3], 'items', 1 + i % 9, 'coupon', CASE WHEN i % 11 = 0 THEN 'SAVE10' END),
             i % 3 = 0
      FROM generate_series(1::bigint, ${rows}) AS i;
      ANALYZE ${table};`);
  }
  const [{ size }] = await sql`SELECT pg_size_pretty(pg_total_relation_size(${table})) AS size`;
  await sql.end();
  return { table, size };
}



const work = mkdtempSync(join(tmpdir(), 'sqlflow-bench-pg-'));
mkdirSync(join(work, 'pipelines'));
// The same run with DuckDB's buffer cache capped (a profile setting), to tell the process's own
// memory from the table blocks DuckDB keeps cached after writing them.
const cappedMemory = arg('capped-memory', '32MB');
mkdirSync(join(work, 'profiles'));
writeFileSync(join(work, 'profiles', 'capped.yml'), `engine:\n  memory_limit: ${cappedMemory}\n`);
const results = [];
try {
  for (const rows of sizes) {
    const { table, size } = await seed(rows);
    const pipeline = join(work, 'pipelines', `${table}.sf`);
    writeFileSync(pipeline, `SOURCE orders TYPE POSTGRES PARAMS { "connection": ${JSON.stringify(url.href)}, "table": "${table}" };\nLOAD orders FROM orders MODE REPLACE;\n`);
    let n = 0;
    const fresh = (ext) => join(work, `out-${n++}.${ext}`);
    const runSqlflow = async (...flags) => {
      const r = await timed(process.execPath, [cli, 'run', pipeline, '--json', '--database', fresh('duckdb'), ...flags], root);
      const report = JSON.parse(r.out);
      const load = report.steps.find((s) => s.kind === 'load');
      if (report.status !== 'succeeded' || load.rows !== rows) throw new Error(`unexpected report: ${r.out}`);
      return { wallMs: r.wallMs, stepMs: load.durationMs, peakRssMB: r.peakRssMB };
    };
    const runners = {
      sqlflow: () => runSqlflow(),
      // The user's manual path, as one shell command: psql's \copy to a CSV file, then DuckDB's read_csv.
      'psql \\copy + DuckDB read_csv': async () => {
        const csv = fresh('csv');
        const copy = `\\copy (SELECT * FROM ${table}) TO '${csv}' WITH (FORMAT csv, HEADER)`;
        const script = `psql -X -q -d "$1" -c "$2" && "$3" "$4" "$5" "$6"`;
        const r = await timed('sh', ['-c', script, 'sh', url.href, copy, process.execPath, join(root, 'bench', 'csv-to-duckdb', 'duckdb-read.mjs'), csv, fresh('duckdb')], root);
        const result = JSON.parse(r.out);
        if (result.rows !== rows) throw new Error(`unexpected result: ${r.out}`);
        rmSync(csv, { force: true });
        return { wallMs: r.wallMs, stepMs: r.wallMs, peakRssMB: r.peakRssMB };
      },
      [`sqlflow, memory_limit ${cappedMemory}`]: () => runSqlflow('--profile', 'capped'),
    };
    const names = Object.keys(runners);
    const samples = await alternate(runners, repetitions, (name, s, rep) => {
      console.error(`${rows} rows, rep ${rep + 1}, ${name}: wall ${(s.wallMs / 1000).toFixed(2)} s, peak RSS ${s.peakRssMB.toFixed(0)} MB`);
      for (let i = 0; i < n; i++) rmSync(join(work, `out-${i}.duckdb`), { force: true });
    });
    const summary = Object.fromEntries(names.map((name) => [name, {
      wallMs: Math.round(median(samples[name].map((s) => s.wallMs))),
      samplesMs: samples[name].map((s) => Math.round(s.wallMs)),
      peakRssMB: Math.round(Math.max(...samples[name].map((s) => s.peakRssMB))),
    }]));
    for (const name of [names[0], names[2]]) summary[name].loadStepMs = Math.round(median(samples[name].map((s) => s.stepMs)));
    results.push({
      rows, table, tableSize: size, repetitions, medians: summary,
      ratio: Math.round((summary.sqlflow.wallMs / summary[names[1]].wallMs) * 100) / 100,
    });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(JSON.stringify({ database: databaseName, results }, null, 2));
