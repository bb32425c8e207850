#!/usr/bin/env node
// Compares ways of extracting a PostgreSQL table in Node: rows/s and peak RSS at 1M and 3M rows.
// Usage (from the repo root, after `npx nx build connector-postgres`):
//   node bench/postgres-extract/run.mjs [--url postgres://postgres@127.0.0.1:5432/test] [--sizes 1000000,3000000]
// Each strategy runs in its own child process so peak RSS (maxRSS) belongs to that strategy alone.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const baseUrl = args.url ?? process.env.SQLFLOW_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const sizes = (args.sizes ?? '1000000,3000000').split(',').map(Number);
const DB = 'sqlflow_bench_extract';
const dbUrl = (() => { const u = new URL(baseUrl); u.pathname = `/${DB}`; return u.toString(); })();
const COLUMNS = 'id, updated_at, amount, name, flag, score';

const STRATEGIES = {
  // postgres.js row parsing, 10k-row cursor: rows as JS objects
  'cursor(10000) rows': async (sql, table) => {
    let n = 0;
    for await (const rows of sql.unsafe(`select ${COLUMNS} from ${table}`).cursor(10000)) n += rows.length;
    return n;
  },
  // postgres.js row parsing, one callback per row
  'forEach rows': async (sql, table) => {
    let n = 0;
    await sql.unsafe(`select ${COLUMNS} from ${table}`).forEach(() => { n++; });
    return n;
  },
  // raw COPY CSV bytes, counting newlines only (no parsing: an upper bound for text COPY)
  'COPY csv raw bytes': async (sql, table) => copyCount(sql, `copy (select ${COLUMNS} from ${table}) to stdout (format csv)`, 'csv'),
  // raw COPY binary bytes, walking tuple headers only (upper bound for binary COPY)
  'COPY binary raw bytes': async (sql, table) => copyCount(sql, `copy (select ${COLUMNS} from ${table}) to stdout (format binary)`, 'binary'),
  // rows from a cursor converted to Arrow with core's BatchBuilder (the generic path)
  'cursor -> BatchBuilder (Arrow)': async (sql, table) => {
    const { BatchBuilder, inferSchema } = await import('@sqlflow/core');
    let n = 0;
    let builder;
    for await (const rows of sql.unsafe(`select ${COLUMNS} from ${table}`).cursor(10000)) {
      builder ??= new BatchBuilder(inferSchema(rows.slice(0, 100)), { maxRows: 10000 });
      for (const r of rows) { const b = builder.add(r); if (b) n += b.numRows; }
    }
    const rest = builder?.flush();
    return n + (rest?.numRows ?? 0);
  },
  // the connector: COPY binary decoded straight into Arrow buffers
  'connector read (COPY binary -> Arrow)': async (_sql, table) => {
    const { postgresConnector } = await import('@sqlflow/connector-postgres');
    const { openConnector, createContext } = await import('@sqlflow/core');
    const session = await openConnector(postgresConnector, { url: dbUrl, table, sslmode: 'disable' }, createContext());
    let n = 0;
    for await (const { batch } of session.read({ stream: table, syncMode: 'full_refresh' })) n += batch.numRows;
    await session.close();
    return n;
  },
  // the connector, incremental (ORDER BY cursor + per-batch watermark)
  'connector incremental (ORDER BY id)': async (_sql, table) => {
    const { postgresConnector } = await import('@sqlflow/connector-postgres');
    const { openConnector, createContext } = await import('@sqlflow/core');
    const session = await openConnector(postgresConnector, { url: dbUrl, table, sslmode: 'disable' }, createContext());
    let n = 0;
    for await (const { batch } of session.read({ stream: table, syncMode: 'incremental', cursorField: 'id', watermark: { type: 'int', value: '0' } })) n += batch.numRows;
    await session.close();
    return n;
  },
};

async function copyCount(pool, statement, format) {
  // a dedicated single connection per COPY (postgres 3.4.9 leaves a pooled socket paused after COPY OUT)
  const sql = postgres(dbUrl, { max: 1, onnotice: () => undefined });
  try {
    const stream = await sql.unsafe(statement).readable();
    let n = 0;
    let pending = null;
    for await (let chunk of stream) {
      if (format === 'csv') { for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) n++; continue; }
      if (pending) { chunk = Buffer.concat([pending, chunk]); pending = null; }
      let pos = n === 0 && !pending ? 19 : 0;
      for (;;) {
        if (pos + 2 > chunk.length) break;
        const fields = chunk.readInt16BE(pos);
        if (fields === -1) { pos += 2; break; }
        let p = pos + 2, ok = true;
        for (let f = 0; f < fields; f++) {
          if (p + 4 > chunk.length) { ok = false; break; }
          const len = chunk.readInt32BE(p); p += 4 + Math.max(len, 0);
          if (p > chunk.length) { ok = false; break; }
        }
        if (!ok) break;
        pos = p; n++;
      }
      if (pos < chunk.length) pending = Buffer.from(chunk.subarray(pos));
    }
    return n;
  } finally {
    await sql.end();
  }
}

async function child(strategy, rows) {
  const sql = postgres(dbUrl, { max: 1, onnotice: () => undefined });
  const table = `bench_${rows}`;
  const start = process.hrtime.bigint();
  const n = await STRATEGIES[strategy](sql, table);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await sql.end();
  if (n !== rows) throw new Error(`${strategy}: read ${n} rows, expected ${rows}`);
  process.stdout.write(JSON.stringify({ strategy, rows, seconds, rowsPerSec: Math.round(rows / seconds), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
}

async function seed() {
  const admin = postgres(baseUrl, { max: 1, onnotice: () => undefined });
  const [exists] = await admin`select 1 from pg_database where datname = ${DB}`;
  if (!exists) await admin.unsafe(`create database ${DB}`);
  await admin.end();
  const sql = postgres(dbUrl, { max: 1, onnotice: () => undefined });
  for (const n of sizes) {
    const table = `bench_${n}`;
    const [have] = await sql`select count(*)::int as c from pg_class where relname = ${table}`;
    if (have.c === 0) {
      console.error(`seeding ${table} (${n} rows)...`);
      await sql.unsafe(`create table ${table} (id int8 primary key, updated_at timestamptz not null, amount numeric(12,2), name text, flag bool, score float8)`);
      await sql.unsafe(`insert into ${table} select g, timestamptz '2024-01-01' + make_interval(secs => g), (g % 100000) / 100.0, 'customer ' || g, g % 2 = 0, g * 0.5 from generate_series(1, ${n}) g`);
      await sql.unsafe(`vacuum analyze ${table}`);
    }
  }
  await sql.end();
}

async function main() {
  if (args.child) return child(args.child, Number(args.rows));
  await seed();
  const results = [];
  for (const rows of sizes) {
    for (const strategy of Object.keys(STRATEGIES)) {
      // warm the page cache once per size, then measure
      const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', strategy, '--rows', String(rows), '--url', baseUrl], { encoding: 'utf8' });
      if (run.status !== 0) { console.error(run.stderr); process.exit(1); }
      const r = JSON.parse(run.stdout);
      results.push(r);
      console.error(`${String(rows).padStart(8)}  ${strategy.padEnd(40)} ${String(r.rowsPerSec).padStart(10)} rows/s  ${String(r.peakRssMb).padStart(5)} MB peak RSS`);
    }
  }
  console.log('| rows | strategy | rows/s | peak RSS (MB) |\n| ---: | --- | ---: | ---: |');
  for (const r of results) console.log(`| ${r.rows.toLocaleString('en')} | ${r.strategy} | ${r.rowsPerSec.toLocaleString('en')} | ${r.peakRssMb} |`);
}

await main();
