#!/usr/bin/env node
// Reads the generated CSV through the built connector and reports rows/s and peak RSS.
// Build first: npx nx run @sqlflow/connector-csv:build
// Usage: node bench/csv-read/run.mjs [file] [batch_size]
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createContext, openConnector } from '@sqlflow/core';
import { csvConnector } from '@sqlflow/connector-csv';

const file = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'csv-read-1000000.csv');
const batchSize = Number(process.argv[3] ?? 10_000);
const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1);

const started = process.hrtime.bigint();
const session = await openConnector(csvConnector, { path: file, batch_size: batchSize }, createContext());
const [stream] = await session.discover();
let rows = 0;
let batches = 0;
let peakHeap = 0;
for await (const { batch } of session.read({ stream: stream.name, syncMode: 'full_refresh' })) {
  rows += batch.numRows;
  batches++;
  if (batches % 10 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
}
await session.close();
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const size = statSync(file).size;
console.log(
  JSON.stringify(
    {
      file,
      sizeMB: Number(mb(size)),
      rows,
      batches,
      seconds: Number(seconds.toFixed(2)),
      rowsPerSecond: Math.round(rows / seconds),
      mbPerSecond: Number((size / 1024 / 1024 / seconds).toFixed(1)),
      peakRssMB: Number((process.resourceUsage().maxRSS / 1024).toFixed(1)),
      peakHeapUsedMB: Number(mb(peakHeap)),
      schema: stream.schema.fields.map((f) => `${f.name}: ${String(f.type)}`),
    },
    null,
    2,
  ),
);
