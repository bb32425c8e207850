// Incremental reads by object LastModified and by a cursor column inside Parquet files.
import type { S3Client } from '@aws-sdk/client-s3';
import { Field, Int64, Schema, Table, TimestampMicrosecond } from 'apache-arrow';
import { BatchBuilder } from '@sqlflow/core';
import { type S3Session } from '@sqlflow/connector-s3';
import { collectRows } from '@sqlflow/testing';
import { gets, parquetOf, put, seedClient, startS3Server, type S3TestServer, openS3Session } from './s3-fixtures';

let s3: S3TestServer;
let client: S3Client;
const BUCKET = 'inc';
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  s3 = await startS3Server();
  await s3.createBucket(BUCKET);
  client = seedClient(s3);
  for (const name of ['c', 'a', 'b']) {
    await put(client, BUCKET, `lm/${name}.jsonl`, `{"name":"${name}"}\n`);
    await pause(15);
  }
  const schema = new Schema([new Field('id', new Int64(), true), new Field('at', new TimestampMicrosecond('UTC'), true)]);
  const builder = new BatchBuilder(schema);
  for (let i = 0; i < 6; i++) builder.add({ id: i, at: new Date(Date.UTC(2024, 0, 1 + ((i * 5) % 6))) });
  const table = new Table([builder.flush()!]);
  await put(client, BUCKET, 'pq/a.parquet', parquetOf(table));
});
afterAll(async () => {
  client?.destroy();
  await s3?.stop();
});

async function open(params: Record<string, unknown>): Promise<S3Session> {
  return openS3Session(s3, BUCKET, params);
}

it('by _s3_last_modified: files in LastModified order, a watermark after each file, only new files next run', async () => {
  await using session = await open({ path_prefix: 'lm/', sync_mode: 'incremental', cursor_field: '_s3_last_modified', batch_size: 1 });
  const first = await collectRows(session.read({ stream: 'lm', syncMode: 'incremental' }));
  expect(first.rows.map((r) => r.name)).toEqual(['c', 'a', 'b']);
  expect(first.watermarks.map((w) => w.afterRows)).toEqual([1, 2, 3]);
  expect(first.finalWatermark).toEqual({ type: 'timestamp', value: first.rows[2]!._s3_last_modified });

  await pause(15);
  await put(client, BUCKET, 'lm/d.jsonl', '{"name":"d"}\n');
  s3.clearLog();
  const second = await collectRows(session.read({ stream: 'lm', syncMode: 'incremental', watermark: first.finalWatermark }));
  // The closed bound re-reads the file at the watermark (the engine drops its repeat) and the new one.
  expect(second.rows.map((r) => r.name)).toEqual(['b', 'd']);
  expect(gets(s3, `/${BUCKET}/lm/a.jsonl`) + gets(s3, `/${BUCKET}/lm/c.jsonl`)).toBe(0);
});

it('by a timestamp column inside Parquet: rows below the bound are dropped, watermark at the end', async () => {
  await using session = await open({ path_prefix: 'pq/', sync_mode: 'incremental', cursor_field: 'at' });
  const { rows, watermarks } = await collectRows(session.read({ stream: 'pq', syncMode: 'incremental', watermark: { type: 'timestamp', value: '2024-01-04T00:00:00Z' } }));
  expect(rows.map((r) => r.at).sort()).toEqual(['2024-01-04T00:00:00.000000Z', '2024-01-05T00:00:00.000000Z', '2024-01-06T00:00:00.000000Z']);
  expect(watermarks).toHaveLength(1);
  expect(watermarks[0]!.watermark).toEqual({ type: 'timestamp', value: '2024-01-06T00:00:00.000000Z' });
});

it('a stored watermark of another type is a StateError', async () => {
  await using session = await open({ path_prefix: 'pq/', sync_mode: 'incremental', cursor_field: 'at' });
  await expect(collectRows(session.read({ stream: 'pq', syncMode: 'incremental', watermark: { type: 'int', value: '5' } }))).rejects.toMatchObject({ code: 'STATE_INVALID' });
});
