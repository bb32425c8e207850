import { compareWatermarks, type StreamBatch, type WatermarkValue } from '@sqlflow/core';
import { collect, open, rows, scratchDatabase, type ScratchDatabase } from './support/test-database';

let db: ScratchDatabase;

beforeAll(async () => {
  db = await scratchDatabase();
  // 20 rows; updated_at has ties: ids 1-4 share t0, ids 5-11 share t1 (crossing batch boundaries of 3)
  await db.sql.unsafe(`
    create table events (id int8 primary key, updated_at timestamptz, seq int8, day date, amount numeric(12,0), name text);
    insert into events
    select g,
      case when g <= 4 then '2024-03-01 10:00:00.000001+00'::timestamptz
           when g <= 11 then '2024-03-01 10:00:00.123456+00'::timestamptz
           else '2024-03-01 10:00:00+00'::timestamptz + make_interval(secs => g * 60) end,
      g * 10, date '2024-01-01' + (g / 5), g * 1000, 'n' || lpad(g::text, 3, '0')
    from generate_series(1, 20) g;
    insert into events (id, updated_at, seq) values (21, null, null);
  `);
});
afterAll(() => db.drop());

function ids(batches: readonly StreamBatch[]): number[] {
  return rows(batches).map((r) => Number(r.id));
}

async function readEvents(request: { cursorField: string; watermark?: WatermarkValue; lookbackWindow?: number }, params: Record<string, unknown> = {}): Promise<StreamBatch[]> {
  await using session = await open({ url: db.url, table: 'events', batch_size: 3, ...params });
  return await collect(session.read!({ stream: 'events', syncMode: 'incremental', ...request }));
}

test('first run: all rows ordered by cursor (NULL cursors last), each batch watermark = its last non-null cursor', async () => {
  const batches = await readEvents({ cursorField: 'updated_at' });
  expect(ids(batches).slice(0, 11).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  expect(ids(batches).slice(11)).toEqual([12, 13, 14, 15, 16, 17, 18, 19, 20, 21]);
  expect(batches.every((b) => b.batch.numRows <= 3)).toBe(true);
  expect(batches[0]!.watermark).toEqual({ type: 'timestamp', value: '2024-03-01T10:00:00.000001Z' });
  expect(batches[2]!.watermark).toEqual({ type: 'timestamp', value: '2024-03-01T10:00:00.123456Z' });
  const marks = batches.map((b) => b.watermark!);
  for (let i = 1; i < marks.length; i++) expect(compareWatermarks(marks[i - 1]!, marks[i]!)).toBeLessThanOrEqual(0);
  // the batch holding only the NULL cursor keeps the previous watermark
  expect(marks.at(-1)).toEqual({ type: 'timestamp', value: '2024-03-01T10:20:00.000000Z' });
});

test('a tie that crosses batches is re-read from the watermark: together the two reads cover every row', async () => {
  const first = await readEvents({ cursorField: 'updated_at' });
  const stopAfter = first[1]!; // ids 1-4 are t0, ids 5.. t1: batch 2 ends inside the t1 tie
  const seen = new Set(ids(first.slice(0, 2)));
  const resumed = await readEvents({ cursorField: 'updated_at', watermark: stopAfter.watermark! });
  for (const id of ids(resumed)) seen.add(id);
  expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  // the resumed read starts at the watermark itself (closed lower bound): ties are re-read, never skipped
  const resumedRows = rows(resumed);
  expect(resumedRows.every((r) => (r.updated_at as bigint) >= 1_709_287_200_000_001n)).toBe(true);
  expect(resumedRows).toHaveLength(20 - 4);
});

test('microsecond watermarks are exact: the row at the watermark is included, the one 1µs before is not', async () => {
  const out = await readEvents({ cursorField: 'updated_at', watermark: { type: 'timestamp', value: '2024-03-01T10:00:00.123456Z' } });
  expect(ids(out).sort((a, b) => a - b)).toEqual(Array.from({ length: 16 }, (_, i) => i + 5));
});

test('lookback moves a timestamp bound back by seconds', async () => {
  // watermark at id 15 (10:15); 300 s back -> from 10:10 (id 10 is t1, so ids 12..20 only from the minute rows: 10..)
  const out = await readEvents({ cursorField: 'updated_at', watermark: { type: 'timestamp', value: '2024-03-01T10:15:00.000000Z' }, lookbackWindow: 300 });
  expect(ids(out).sort((a, b) => a - b)).toEqual([12, 13, 14, 15, 16, 17, 18, 19, 20]);
  const exact = await readEvents({ cursorField: 'updated_at', watermark: { type: 'timestamp', value: '2024-03-01T10:15:00.000000Z' } });
  expect(ids(exact)).toEqual([15, 16, 17, 18, 19, 20]);
});

test('lookback from the configuration applies when the request has none', async () => {
  const out = await readEvents({ cursorField: 'updated_at', watermark: { type: 'timestamp', value: '2024-03-01T10:15:00Z' } }, { lookback_window: '2 minutes' });
  expect(ids(out)).toEqual([13, 14, 15, 16, 17, 18, 19, 20]);
});

test('integer cursors: int watermarks, lookback in cursor units, int8 exactness', async () => {
  const out = await readEvents({ cursorField: 'seq', watermark: { type: 'int', value: '150' }, lookbackWindow: 20 });
  expect(ids(out)).toEqual([13, 14, 15, 16, 17, 18, 19, 20]);
  expect(out.at(-1)!.watermark).toEqual({ type: 'int', value: '200' });
});

test('numeric(12,0) cursors give exact int watermarks; date cursors give date watermarks', async () => {
  const byAmount = await readEvents({ cursorField: 'amount', watermark: { type: 'int', value: '19000' } });
  expect(ids(byAmount)).toEqual([19, 20]);
  expect(byAmount.at(-1)!.watermark).toEqual({ type: 'int', value: '20000' });
  const byDay = await readEvents({ cursorField: 'day', watermark: { type: 'date', value: '2024-01-04' } });
  expect(ids(byDay).sort((a, b) => a - b)).toEqual([15, 16, 17, 18, 19, 20]);
  expect(byDay.at(-1)!.watermark).toEqual({ type: 'date', value: '2024-01-05' });
});

test('text cursors give string watermarks', async () => {
  const out = await readEvents({ cursorField: 'name', watermark: { type: 'string', value: 'n018' } });
  expect(ids(out)).toEqual([18, 19, 20]);
  expect(out.at(-1)!.watermark).toEqual({ type: 'string', value: 'n020' });
});

test('start_date bounds the first run only', async () => {
  const out = await readEvents({ cursorField: 'updated_at' }, { start_date: '2024-03-01T10:18:00Z' });
  expect(ids(out)).toEqual([18, 19, 20]);
  const later = await readEvents({ cursorField: 'updated_at', watermark: { type: 'timestamp', value: '2024-03-01T10:19:00Z' } }, { start_date: '2024-03-01T10:18:00Z' });
  expect(ids(later)).toEqual([19, 20]);
});

test('the cursor from the configuration is used when the request names none', async () => {
  await using session = await open({ url: db.url, table: 'events', sync_mode: 'incremental', cursor_field: 'seq' });
  const [stream] = await session.discover();
  expect(stream!.defaultCursorField).toBe('seq');
  const out = await collect(session.read!({ stream: 'events', syncMode: 'incremental', watermark: { type: 'int', value: '190' } }));
  expect(ids(out)).toEqual([19, 20]);
});

test('a custom query is read incrementally as a subquery', async () => {
  await using session = await open({ url: db.url, query: 'select id, seq * 2 as s2 from events where id > 10', batch_size: 4 });
  const out = await collect(session.read!({ stream: 'query', syncMode: 'incremental', cursorField: 's2', watermark: { type: 'int', value: '380' } }));
  expect(ids(out)).toEqual([19, 20]);
  expect(out.at(-1)!.watermark).toEqual({ type: 'int', value: '400' });
});

test('a watermark of the wrong type is a StateError; a non-orderable cursor a ConfigError', async () => {
  await expect(readEvents({ cursorField: 'seq', watermark: { type: 'timestamp', value: '2024-01-01T00:00:00Z' } })).rejects.toMatchObject({ code: 'STATE_INVALID' });
  await db.sql.unsafe('create table blobs (id int, b bytea)');
  await using session = await open({ url: db.url, table: 'blobs' });
  await expect(collect(session.read!({ stream: 'blobs', syncMode: 'incremental', cursorField: 'b' }))).rejects.toMatchObject({ code: 'CONFIG_INVALID', parameter: 'cursor_field' });
});

test('a full refresh returns every row and no watermark', async () => {
  await using session = await open({ url: db.url, table: 'events', batch_size: 5 });
  const out = await collect(session.read!({ stream: 'events', syncMode: 'full_refresh' }));
  expect(ids(out).sort((a, b) => a - b)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
  expect(out.every((b) => b.watermark === undefined)).toBe(true);
});
