// Reusable pieces of the S3 read benchmarks (bench/s3-read, and later bench/s3-parquet, which
// compares against DuckDB's read_parquet): deterministic Parquet objects on a local S3 server,
// and a timed read through the connector.
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createRequire } from 'node:module';
import { Compression, Table as WasmTable, writeParquet, WriterPropertiesBuilder } from 'parquet-wasm/node';
import { BatchBuilder, createContext, openConnector } from '@sqlflow/core';
import { createPolicy, filePreset } from '@sqlflow/resilience';
import { s3Connector } from '@sqlflow/connector-s3';

// The CommonJS apache-arrow, the one the built SQLFlow packages use (types are not shared
// between its ESM and CJS builds).
const { Bool, Field, Float64, Int64, Schema, Table, tableToIPC, TimestampMicrosecond, Utf8 } = createRequire(import.meta.url)('apache-arrow');

/** The benchmark table's columns. */
export const BENCH_SCHEMA = new Schema([
  new Field('id', new Int64(), true),
  new Field('name', new Utf8(), true),
  new Field('amount', new Float64(), true),
  new Field('created_at', new TimestampMicrosecond('UTC'), true),
  new Field('active', new Bool(), true),
]);

/** Parquet bytes of rows [from, to) of the deterministic benchmark table. */
export function benchParquet(from, to, { codec = Compression.SNAPPY, rowGroupRows = 50_000 } = {}) {
  let seed = 42 + from;
  const next = () => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32;
  const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];
  const base = Date.UTC(2024, 0, 1);
  const builder = new BatchBuilder(BENCH_SCHEMA, { maxRows: 65_536 });
  const batches = [];
  for (let i = from; i < to; i++) {
    const full = builder.add({ id: i, name: `${words[i % 8]}_${i % 997}`, amount: Math.round(next() * 1e6) / 100, created_at: new Date(base + Math.floor(next() * 365 * 86_400_000)), active: next() < 0.5 });
    if (full) batches.push(full);
  }
  const rest = builder.flush();
  if (rest) batches.push(rest);
  const table = new Table(batches);
  return writeParquet(WasmTable.fromIPCStream(tableToIPC(table, 'stream')), new WriterPropertiesBuilder().setCompression(codec).setMaxRowGroupSize(rowGroupRows).build());
}

/** Uploads `objects` Parquet objects holding `rows` rows in all under `prefix`; returns total bytes. */
export async function seedParquetObjects({ endpoint, region, accessKeyId, secretAccessKey, bucket, prefix = 'bench/', rows = 1_000_000, objects = 10 }) {
  const client = new S3Client({ endpoint, region, forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } });
  let bytes = 0;
  const per = Math.ceil(rows / objects);
  for (let o = 0; o < objects; o++) {
    const body = benchParquet(o * per, Math.min(rows, (o + 1) * per));
    bytes += body.byteLength;
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}part-${String(o).padStart(3, '0')}.parquet`, Body: Buffer.from(body) }));
  }
  client.destroy();
  return bytes;
}

/**
 * Reads every row under `params` through the connector; returns rows, batches, seconds, peak
 * RSS and heap (sampled every 10 batches) and the connector's usage report.
 */
export async function readThroughConnector(params) {
  let peakHeap = 0;
  const started = process.hrtime.bigint();
  const session = await openConnector(s3Connector, params, createContext({ policy: createPolicy(filePreset) }));
  const [stream] = await session.discover();
  let rows = 0;
  let batches = 0;
  for await (const { batch } of session.read({ stream: stream.name, syncMode: 'full_refresh' })) {
    rows += batch.numRows;
    if (++batches % 10 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const usage = session.usage();
  await session.close();
  return { rows, batches, seconds, rowsPerSecond: Math.round(rows / seconds), peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024), peakHeapUsedMB: Math.round(peakHeap / 1024 / 1024), usage };
}
