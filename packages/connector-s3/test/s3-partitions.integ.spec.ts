// Acceptance: 3 years x 12 months of Hive-partitioned Parquet; pruning by filter and by watermark.
import type { S3Client } from '@aws-sdk/client-s3';
import { isSqlflowError, type WatermarkValue } from '@sqlflow/core';
import { collectRows } from '@sqlflow/testing';
import { gets, lists, parquetOf, put, seedClient, startS3Server, type S3TestServer, tableFromArrays, openS3Session } from './s3-fixtures';

let s3: S3TestServer;
let client: S3Client;
const BUCKET = 'lake';
const YEARS = [2022, 2023, 2024];
const monthKey = (y: number, m: number): string => `events/year=${y}/month=${String(m).padStart(2, '0')}/part-0.parquet`;

async function putMonth(y: number, m: number): Promise<void> {
  const base = (y * 100 + m) * 10;
  await put(client, BUCKET, monthKey(y, m), parquetOf(tableFromArrays({ id: BigInt64Array.from([0, 1, 2].map((i) => BigInt(base + i))), amount: Float64Array.from([1, 2, 3]) })));
}

beforeAll(async () => {
  s3 = await startS3Server();
  await s3.createBucket(BUCKET);
  client = seedClient(s3);
  for (const y of YEARS) for (let m = 1; m <= 12; m++) await putMonth(y, m);
  await put(client, BUCKET, 'events/_SUCCESS', '');
  // Date-path layout too.
  for (const d of ['2024/01/30', '2024/01/31', '2024/02/01']) await put(client, BUCKET, `daily/${d}/data.jsonl`, `{"n":"${d}"}\n`);
}, 60_000);
afterAll(async () => {
  client?.destroy();
  await s3?.stop();
});

async function open(params: Record<string, unknown>) {
  return openS3Session(s3, BUCKET, { path_prefix: 'events/', ...params });
}

it('adds Hive partition columns and _partition_date to the rows', async () => {
  await using session = await open({ partition_filter: { year: 2023, month: 5 } });
  const { rows } = await collectRows(session.read({ stream: 'events', syncMode: 'full_refresh' }));
  expect(rows).toHaveLength(3);
  expect(rows[0]).toMatchObject({ id: 2023050, year: 2023, month: 5, _partition_date: '2023-05-01' });
});

it('a partition_filter for one month GETs only that month and never lists other years or months', async () => {
  await using session = await open({ partition_filter: { year: 2024, month: 3 } });
  s3.clearLog();
  const { rows } = await collectRows(session.read({ stream: 'events', syncMode: 'full_refresh' }));
  expect(new Set(rows.map((r) => `${r.year}-${r.month}`))).toEqual(new Set(['2024-3']));
  const objectGets = s3.requestLog().filter((r) => r.method === 'GET' && !('list-type' in r.query));
  expect(objectGets.length).toBeGreaterThan(0);
  expect(objectGets.every((r) => r.path === `/${BUCKET}/${monthKey(2024, 3)}`)).toBe(true);
  const listed = lists(s3).map((r) => r.query.prefix);
  // Root, year=2024/, month=03/: no other year or month prefix is listed.
  expect(listed).toEqual(['events/', 'events/year=2024/', 'events/year=2024/month=03/']);
  expect(session.usage().getRequests).toBe(objectGets.length);
  expect(session.usage().listRequests).toBe(3);
});

it('range filters and lists of values select months', async () => {
  await using session = await open({ partition_filter: { year: [2022, 2024], month: { gte: 11 } } });
  const { rows } = await collectRows(session.read({ stream: 'events', syncMode: 'full_refresh' }));
  expect(new Set(rows.map((r) => `${r.year}-${r.month}`))).toEqual(new Set(['2022-11', '2022-12', '2024-11', '2024-12']));
});

it('an unknown partition column in partition_filter is a ConfigError naming it', async () => {
  await using session = await open({ partition_filter: { region: 'eu' } });
  await expect(collectRows(session.read({ stream: 'events', syncMode: 'full_refresh' }))).rejects.toMatchObject({ code: 'CONFIG_INVALID', parameter: 'partition_filter' });
});

it('incremental runs on _partition_date read only new partitions, pruning old prefixes unlisted', async () => {
  await using session = await open({ sync_mode: 'incremental', cursor_field: '_partition_date' });
  const first = await collectRows(session.read({ stream: 'events', syncMode: 'incremental', cursorField: '_partition_date' }));
  expect(first.rows).toHaveLength(36 * 3);
  const wm = first.finalWatermark!;
  expect(wm).toEqual({ type: 'date', value: '2024-12-01' });
  // Watermarks ride along per file, in partition order.
  expect(first.watermarks.length).toBeGreaterThan(1);

  await putMonth(2025, 1);
  s3.clearLog();
  const second = await collectRows(session.read({ stream: 'events', syncMode: 'incremental', cursorField: '_partition_date', watermark: wm }));
  // The closed lower bound re-reads the watermark's own partition (the engine drops the repeats).
  expect(new Set(second.rows.map((r) => `${r.year}-${r.month}`))).toEqual(new Set(['2024-12', '2025-1']));
  expect(second.finalWatermark).toEqual({ type: 'date', value: '2025-01-01' });
  const listedPrefixes = lists(s3).map((r) => r.query.prefix);
  expect(listedPrefixes).not.toContain('events/year=2022/');
  expect(listedPrefixes).not.toContain('events/year=2023/');
  expect(gets(s3, `/${BUCKET}/events/year=2024/month=11`)).toBe(0);
  expect(gets(s3, `/${BUCKET}/events/year=2022`)).toBe(0);
});

it('incremental on a partition column (year) skips older year prefixes', async () => {
  await using session = await open({ sync_mode: 'incremental', cursor_field: 'year' });
  s3.clearLog();
  const watermark: WatermarkValue = { type: 'int', value: '2024' };
  const { rows, finalWatermark } = await collectRows(session.read({ stream: 'events', syncMode: 'incremental', cursorField: 'year', watermark }));
  expect(new Set(rows.map((r) => r.year))).toEqual(new Set([2024, 2025]));
  expect(finalWatermark).toEqual({ type: 'int', value: '2025' });
  expect(lists(s3).map((r) => r.query.prefix)).not.toContain('events/year=2023/');
});

it('detects date paths (YYYY/MM/DD) as year, month, day and prunes by _partition_date', async () => {
  await using session = await openS3Session(s3, BUCKET, { path_prefix: 'daily/' });
  const all = await collectRows(session.read({ stream: 'daily', syncMode: 'full_refresh' }));
  expect(all.rows.map((r) => [r.year, r.month, r.day, r._partition_date])).toEqual([
    [2024, 1, 30, '2024-01-30'],
    [2024, 1, 31, '2024-01-31'],
    [2024, 2, 1, '2024-02-01'],
  ]);
  s3.clearLog();
  const inc = await collectRows(session.read({ stream: 'daily', syncMode: 'incremental', cursorField: '_partition_date', watermark: { type: 'date', value: '2024-01-31' } }));
  expect(inc.rows.map((r) => r.n)).toEqual(['2024/01/31', '2024/02/01']);
  expect(gets(s3, `/${BUCKET}/daily/2024/01/30`)).toBe(0);
});

it('cost limit exceeded fails before any GetObject, with estimate, limit and the fix', async () => {
  await using session = await open({ cost_limit_usd: 0.000001 });
  s3.clearLog();
  const emitted: unknown[] = [];
  const error = await (async () => {
    for await (const b of session.read({ stream: 'events', syncMode: 'incremental', cursorField: '_partition_date', watermark: { type: 'date', value: '2023-01-01' } })) emitted.push(b);
  })().catch((e: unknown) => e);
  expect(isSqlflowError(error) && error.code).toBe('LIMIT_EXCEEDED');
  expect((error as Error).message).toMatch(/estimated at \$[\d.]+ \(\d+ LIST, \d+ GET, .*more than `cost_limit_usd` \$0\.00000100; raise `cost_limit_usd`/);
  // Nothing emitted: no batch, so no watermark for the runner to commit.
  expect(emitted).toEqual([]);
  expect(gets(s3)).toBe(0);
  expect(session.lastEstimate()!.files).toBeGreaterThanOrEqual(24);
  expect((error as { details: { estimate: { files: number } } }).details.estimate.files).toBe(session.lastEstimate()!.files);
});

it('max_files_per_run and max_data_size_gb stop a read before any GetObject', async () => {
  for (const limit of [{ max_files_per_run: 10 }, { max_data_size_gb: 0.000001 }]) {
    await using session = await open(limit);
    s3.clearLog();
    const error = await collectRows(session.read({ stream: 'events', syncMode: 'full_refresh' })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'LIMIT_EXCEEDED', message: expect.stringMatching(/max_files_per_run|max_data_size_gb/) });
    expect(gets(s3)).toBe(0);
  }
});

it('the estimate counts one GET per small Parquet object and prices it with cost_prices', async () => {
  await using session = await open({ partition_filter: { year: 2022 }, cost_prices: { get_per_1000: 1000, transfer_per_gb: 0, list_per_1000: 0 } });
  await collectRows(session.read({ stream: 'events', syncMode: 'full_refresh' }));
  const e = session.lastEstimate()!;
  expect(e.files).toBe(12);
  expect(e.getRequests).toBe(12);
  expect(e.costUsd).toBeCloseTo(12, 6);
  expect(session.usage().getRequests).toBe(12);
  expect(session.usage().costUsd).toBeCloseTo(12, 6);
  const health = await session.health();
  expect(health.metrics).toMatchObject({ get_requests: 12, estimated_get_requests: 12, files_read: 12, rows_read: 36 });
});
