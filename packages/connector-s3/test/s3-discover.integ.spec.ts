// discover() costs: a full-refresh source probes every object (its read fetches them all and
// reuses the probed footers) and refuses over limits; an incremental source probes only the
// newest object and leaves limits to the read, which knows what it will actually fetch.
import type { S3Client } from '@aws-sdk/client-s3';
import type { WatermarkValue } from '@sqlflow/core';
import { collectRows } from '@sqlflow/testing';
import { gets, parquetOf, put, seedClient, startS3Server, type S3TestServer, tableFromArrays, openS3Session } from './s3-fixtures';

let s3: S3TestServer;
let client: S3Client;
const BUCKET = 'disc';
const monthKey = (m: number): string => `events/year=2024/month=${String(m).padStart(2, '0')}/part-0.parquet`;

beforeAll(async () => {
  s3 = await startS3Server();
  await s3.createBucket(BUCKET);
  client = seedClient(s3);
  for (let m = 1; m <= 12; m++) {
    // The newest month carries an extra column.
    const columns = { id: BigInt64Array.from([BigInt(m * 10), BigInt(m * 10 + 1)]), ...(m === 12 ? { note: ['a', 'b'] } : {}) };
    await put(client, BUCKET, monthKey(m), parquetOf(tableFromArrays(columns)));
  }
}, 60_000);
afterAll(async () => {
  client?.destroy();
  await s3?.stop();
});

async function open(params: Record<string, unknown>) {
  return openS3Session(s3, BUCKET, { path_prefix: 'events/', ...params });
}

it('a full-refresh source probes every object in discover() and its read fetches nothing twice', async () => {
  await using session = await open({});
  s3.clearLog();
  const [stream] = await session.discover();
  expect(gets(s3)).toBe(12);
  expect(stream!.schema.fields.map((f) => f.name)).toEqual(['id', 'note', 'year', 'month', '_partition_date', '_s3_last_modified']);
  await collectRows(session.read({ stream: 'events', syncMode: 'full_refresh' }));
  expect(gets(s3)).toBe(12);
});

it('a full-refresh source over a limit is refused by discover() before any GET', async () => {
  await using session = await open({ max_files_per_run: 5 });
  s3.clearLog();
  await expect(session.discover()).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED' });
  expect(gets(s3)).toBe(0);
});

it('an incremental source probes only the newest object in discover()', async () => {
  await using session = await open({ sync_mode: 'incremental', cursor_field: '_partition_date' });
  s3.clearLog();
  const [stream] = await session.discover();
  expect(s3.requestLog().filter((r) => r.method === 'GET' && !('list-type' in r.query)).map((r) => r.path)).toEqual([`/${BUCKET}/${monthKey(12)}`]);
  expect(stream!.schema.fields.map((f) => f.name)).toEqual(['id', 'note', 'year', 'month', '_partition_date', '_s3_last_modified']);
  // The read from November fetches November and December only, with the same columns.
  const watermark: WatermarkValue = { type: 'date', value: '2024-11-01' };
  const { rows } = await collectRows(session.read({ stream: 'events', syncMode: 'incremental', cursorField: '_partition_date', watermark }));
  expect(rows.map((r) => r.id)).toEqual([110, 111, 120, 121]);
  expect(gets(s3)).toBe(2);
});

it('an incremental source whose listing exceeds a limit discovers without refusing or fetching; the read enforces it', async () => {
  await using session = await open({ sync_mode: 'incremental', cursor_field: '_partition_date', max_files_per_run: 3 });
  s3.clearLog();
  const [stream] = await session.discover();
  expect(gets(s3)).toBe(0);
  expect(stream!.schema.fields.map((f) => f.name)).toEqual(['year', 'month', '_partition_date', '_s3_last_modified']);
  // Within the limit: two objects from November.
  const { rows } = await collectRows(session.read({ stream: 'events', syncMode: 'incremental', cursorField: '_partition_date', watermark: { type: 'date', value: '2024-11-01' } }));
  expect(rows).toHaveLength(4);
  // Over it: a first run would read all twelve.
  s3.clearLog();
  await expect(collectRows(session.read({ stream: 'events', syncMode: 'incremental', cursorField: '_partition_date' }))).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED' });
  expect(gets(s3)).toBe(0);
});
