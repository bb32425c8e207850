#!/usr/bin/env node
// DuckDB's own CSV load, the benchmark's baseline: a fresh database file, then
// CREATE TABLE t AS SELECT * FROM read_csv('<file>'). Prints {"queryMs", "rows"} as JSON.
// Usage: node bench/csv-to-duckdb/duckdb-read.mjs <csv file> <database file>
import { createRequire } from 'node:module';

const require = createRequire(new URL('../../packages/engine/package.json', import.meta.url));
const { DuckDBInstance } = require('@duckdb/node-api');

const [file, database] = process.argv.slice(2);
const instance = await DuckDBInstance.create(database);
const connection = await instance.connect();
const started = performance.now();
await connection.run(`CREATE TABLE t AS SELECT * FROM read_csv('${file.replace(/'/g, "''")}')`);
const queryMs = performance.now() - started;
const rows = Number((await connection.runAndReadAll('SELECT count(*) FROM t')).getRowsJS()[0][0]);
connection.closeSync();
instance.closeSync();
console.log(JSON.stringify({ queryMs, rows }));
