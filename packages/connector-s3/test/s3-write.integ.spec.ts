// Destination: every format x compression writes what reads back; partition_by; multipart; failures.
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { Compression, ParquetFile } from 'parquet-wasm/node';
import { Bool, Field, Float64, Int64, List, type RecordBatch, Schema, TimeMicrosecond, TimestampMicrosecond, Utf8 } from 'apache-arrow';
import { BatchBuilder } from '@sqlflow/core';
import { type S3Session } from '@sqlflow/connector-s3';
import { collectRows } from '@sqlflow/testing';
import { seedClient, startS3Server, type S3TestServer, openS3Session } from './s3-fixtures';

let s3: S3TestServer;
let client: S3Client;
const BUCKET = 'out';

const schema = new Schema([
  new Field('id', new Int64(), true),
  new Field('name', new Utf8(), true),
  new Field('amount', new Float64(), true),
  new Field('ok', new Bool(), true),
  new Field('at', new TimestampMicrosecond('UTC'), true),
  new Field('region', new Utf8(), true),
]);
const rows = Array.from({ length: 50 }, (_, i) => ({
  id: BigInt(i),
  name: i % 7 === 0 ? null : `name, "${i}"`,
  amount: i * 1.25,
  ok: i % 2 === 0,
  at: `2024-03-0${1 + (i % 5)}T10:00:00.123456Z`,
  region: i % 3 === 0 ? 'eu' : 'us',
}));

function batchesOf(list: typeof rows, size = 20): RecordBatch[] {
  const b = new BatchBuilder(schema, { maxRows: size });
  const out: RecordBatch[] = [];
  for (const r of list) {
    const batch = b.add(r);
    if (batch) out.push(batch);
  }
  const rest = b.flush();
  if (rest) out.push(rest);
  return out;
}

async function* iterate(batches: RecordBatch[], failAfter?: number): AsyncGenerator<RecordBatch> {
  let n = 0;
  for (const b of batches) {
    if (failAfter !== undefined && n++ >= failAfter) throw new Error('upstream query failed');
    yield b;
  }
}

beforeAll(async () => {
  s3 = await startS3Server();
  await s3.createBucket(BUCKET);
  client = seedClient(s3);
});
afterAll(async () => {
  client?.destroy();
  await s3?.stop();
});

async function keysUnder(prefix: string): Promise<string[]> {
  const out = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
  return (out.Contents ?? []).map((c) => c.Key!).sort();
}

async function session(params: Record<string, unknown>): Promise<S3Session> {
  return openS3Session(s3, BUCKET, params);
}

const expected = rows.map((r) => ({ ...r, id: Number(r.id) }));

const combos: Array<[string, string, Record<string, unknown>]> = [
  ['csv', 'none', {}],
  ['csv', 'gzip', {}],
  ['tsv', 'gzip', {}],
  ['jsonl', 'none', {}],
  ['jsonl', 'gzip', {}],
  ['parquet', 'snappy', {}],
  ['parquet', 'gzip', {}],
  ['parquet', 'zstd', {}],
  ['parquet', 'none', {}],
];

it.each(combos)('%s with %s compression reads back the rows that were written', async (format, compression) => {
  const prefix = `fmt/${format}-${compression}/`;
  const ext = format === 'parquet' ? '.parquet' : `.${format}${compression === 'gzip' ? '.gz' : ''}`;
  {
    await using w = await session({ path_prefix: prefix, ...(format === 'parquet' ? { compression } : {}) });
    const result = await w.write({ stream: `data${ext}`, schema, batches: iterate(batchesOf(rows)), mode: 'overwrite' });
    expect(result).toMatchObject({ rows: 50, locations: [`s3://${BUCKET}/${prefix}data${ext}`] });
  }
  if (format === 'parquet') {
    const body = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: `${prefix}data${ext}` }));
    const file = await ParquetFile.fromFile(new Blob([await body.Body!.transformToByteArray()]));
    const codec = file.metadata().rowGroup(0).column(0).compression();
    expect(Compression[codec]).toBe(compression === 'none' ? 'UNCOMPRESSED' : compression.toUpperCase());
    file.free();
  }
  await using r = await session({ path_prefix: prefix, stream: 'data' });
  const { rows: back } = await collectRows(r.read({ stream: 'data', syncMode: 'full_refresh' }));
  expect(back.map(({ id, name, amount, ok, at, region }) => ({ id, name, amount, ok, at, region }))).toEqual(expected);
});

it.each([
  // integers past 2^53 are written as text, as top-level ones are
  ['csv', '1,"[1,-2,""9007199254740993""]","[""a"",null]",01:02:03.000004\n2,[],,\n'],
  ['jsonl', '{"id":1,"nums":[1,-2,"9007199254740993"],"tags":["a",null],"tm":"01:02:03.000004"}\n{"id":2,"nums":[],"tags":null,"tm":null}\n'],
])('%s writes lists as JSON arrays and times as HH:MM:SS.ffffff', async (format, text) => {
  const listSchema = new Schema([
    new Field('id', new Int64(), true),
    new Field('nums', new List(new Field('item', new Int64(), true)), true),
    new Field('tags', new List(new Field('item', new Utf8(), true)), true),
    new Field('tm', new TimeMicrosecond(), true),
  ]);
  const b = new BatchBuilder(listSchema);
  b.add({ id: 1n, nums: [1n, -2n, 9007199254740993n], tags: ['a', null], tm: 3_723_000_004n });
  b.add({ id: 2n, nums: [], tags: null, tm: null });
  const prefix = `lists/${format}/`;
  {
    await using w = await session({ path_prefix: prefix, ...(format === 'csv' ? { has_header: false } : {}) });
    await w.write({ stream: `data.${format}`, schema: listSchema, batches: iterate([b.flush()!]), mode: 'overwrite' });
  }
  const body = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: `${prefix}data.${format}` }));
  expect(await body.Body!.transformToString()).toBe(text);
});

it('zstd for text formats needs a Node.js with zstd and says so', async () => {
  if (typeof (await import('node:zlib') as { createZstdCompress?: unknown }).createZstdCompress === 'function') return;
  await using w = await session({ path_prefix: 'zstd/' });
  await expect(w.write({ stream: 'x.csv.zst', schema, batches: iterate(batchesOf(rows)), mode: 'overwrite' })).rejects.toMatchObject({ code: 'CONFIG_INVALID', parameter: 'compression' });
});

it('partition_by writes Hive-style keys without the partition column, and they read back as partitions', async () => {
  {
    await using w = await session({ path_prefix: 'parts/', partition_by: ['region'] });
    const result = await w.write({ stream: 'data.parquet', schema, batches: iterate(batchesOf(rows)), mode: 'overwrite' });
    expect([...(result.locations ?? [])].sort()).toEqual([`s3://${BUCKET}/parts/region=eu/data.parquet`, `s3://${BUCKET}/parts/region=us/data.parquet`]);
  }
  expect(await keysUnder('parts/')).toEqual(['parts/region=eu/data.parquet', 'parts/region=us/data.parquet']);
  await using r = await session({ path_prefix: 'parts/', partition_filter: { region: 'eu' } });
  const [stream] = await r.discover();
  expect(stream!.schema.fields.filter((f) => f.name === 'region')).toHaveLength(1);
  const { rows: back } = await collectRows(r.read({ stream: 'parts', syncMode: 'full_refresh' }));
  expect(back.map((x) => x.id).sort((a, b) => Number(a) - Number(b))).toEqual(expected.filter((e) => e.region === 'eu').map((e) => e.id));
  expect(back.every((x) => x.region === 'eu')).toBe(true);
});

function bigBatches(): RecordBatch[] {
  // ~7 MiB of CSV text: more than one 5 MiB part.
  const big = Array.from({ length: 60_000 }, (_, i) => ({ ...rows[i % 50]!, id: BigInt(i), name: `row-${i}-${'x'.repeat(90)}` }));
  return batchesOf(big, 10_000);
}

it('large outputs go up as a multipart upload', async () => {
  s3.clearLog();
  await using w = await session({ path_prefix: 'big/', multipart_part_size_mb: 5 });
  const result = await w.write({ stream: 'big.csv', schema, batches: iterate(bigBatches()), mode: 'overwrite' });
  expect(result.rows).toBe(60_000);
  expect(result.bytes).toBeGreaterThan(5 * 1024 * 1024);
  const parts = s3.requestLog().filter((r) => r.method === 'PUT' && 'partNumber' in r.query);
  expect(parts.length).toBe(2);
  expect(s3.requestLog().some((r) => r.method === 'POST' && 'uploads' in r.query)).toBe(true);
  expect(w.usage().putRequests).toBe(4);
  await using r = await session({ path_prefix: 'big/', stream: 'big' });
  const { rows: back } = await collectRows(r.read({ stream: 'big', syncMode: 'full_refresh' }));
  expect(back).toHaveLength(60_000);
});

it('a failed export leaves no object under the final key and aborts the multipart upload', async () => {
  s3.clearLog();
  await using w = await session({ path_prefix: 'fail/', multipart_part_size_mb: 5 });
  await expect(w.write({ stream: 'big.csv', schema, batches: iterate(bigBatches(), 5), mode: 'overwrite' })).rejects.toThrow('upstream query failed');
  expect(s3.requestLog().some((r) => r.method === 'PUT' && 'partNumber' in r.query)).toBe(true);
  expect(s3.requestLog().some((r) => r.method === 'DELETE' && 'uploadId' in r.query)).toBe(true);
  expect(await keysUnder('fail/')).toEqual([]);
});

it('an upload refused with AccessDenied is not retried, explained, and leaves nothing behind', async () => {
  s3.clearLog();
  s3.injectFault({ method: 'PUT', queryParam: 'partNumber', status: 403, code: 'AccessDenied', times: 1 });
  await using w = await session({ path_prefix: 'denied/', multipart_part_size_mb: 5 });
  const error = await w.write({ stream: 'big.csv', schema, batches: iterate(bigBatches()), mode: 'overwrite' }).catch((e: unknown) => e);
  expect(error).toMatchObject({ code: 'AUTH_FAILED', message: expect.stringContaining('access was denied') });
  expect(s3.requestLog().filter((r) => r.method === 'PUT' && 'partNumber' in r.query)).toHaveLength(1);
  expect(await keysUnder('denied/')).toEqual([]);
  s3.clearFaults();
});

it('append_dedup and JSON-array output are refused with a ConfigError', async () => {
  await using w = await session({ path_prefix: 'x/' });
  await expect(w.write({ stream: 'a.csv', schema, batches: iterate([]), mode: 'append_dedup' })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  await expect(w.write({ stream: 'a.json', schema, batches: iterate([]), mode: 'overwrite' })).rejects.toMatchObject({ parameter: 'file_format' });
  await expect(w.write({ stream: 's3://other/a.csv', schema, batches: iterate([]), mode: 'overwrite' })).rejects.toMatchObject({ parameter: 'bucket' });
});
