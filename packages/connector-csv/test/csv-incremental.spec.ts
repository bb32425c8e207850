import type { WatermarkValue } from '@sqlflow/core';
import { readCsv, rejection, tempDir } from './csv-fixtures';

let t: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  t = await tempDir();
});
afterEach(() => t.cleanup());

const incremental = { sync_mode: 'incremental', cursor_field: 'updated_at' };
const ts = (value: string): WatermarkValue => ({ type: 'timestamp', value });

// Not sorted by cursor, with a tie at 10:00 and a late row (id 5) carrying an old value.
const ORDERS = [
  'id,updated_at',
  '1,2024-01-01T09:00:00Z',
  '2,2024-01-01T10:00:00Z',
  '3,2024-01-01T12:00:00Z',
  '4,2024-01-01T10:00:00Z',
  '5,2024-01-01T09:30:00Z',
  '6,',
].join('\n');

describe('CSV source: incremental reads', () => {
  it('reads every row on a first run and carries the max cursor on the final batch only', async () => {
    const path = await t.file('orders.csv', ORDERS);
    const r = await readCsv({ path, ...incremental, batch_size: 2 }, { syncMode: 'incremental', cursorField: 'updated_at' });
    expect(r.rows.map((x) => x.id)).toEqual([1n, 2n, 3n, 4n, 5n, 6n]);
    expect(r.batches.map((b) => b.batch.numRows)).toEqual([2, 2, 2]);
    expect(r.batches.map((b) => b.watermark)).toEqual([undefined, undefined, ts('2024-01-01T12:00:00.000000Z')]);
  });

  it('keeps rows with cursor >= watermark, ties included, typed by the column', async () => {
    const path = await t.file('orders.csv', ORDERS);
    const r = await readCsv({ path, ...incremental }, { syncMode: 'incremental', cursorField: 'updated_at', watermark: ts('2024-01-01T10:00:00.000000Z') });
    expect(r.rows.map((x) => x.id)).toEqual([2n, 3n, 4n]);
    expect(r.batches.at(-1)!.watermark).toEqual(ts('2024-01-01T12:00:00.000000Z'));
    expect(r.logs.find((l) => l.level === 'info')!.fields).toMatchObject({ rows: 3, filteredRows: 3 });
  });

  it('moves the bound back by `lookback_window` (from the request or the config)', async () => {
    const path = await t.file('orders.csv', ORDERS);
    const fromRequest = await readCsv({ path, ...incremental }, { syncMode: 'incremental', cursorField: 'updated_at', watermark: ts('2024-01-01T10:00:00Z'), lookbackWindow: 1800 });
    expect(fromRequest.rows.map((x) => x.id)).toEqual([2n, 3n, 4n, 5n]);
    const fromConfig = await readCsv({ path, ...incremental, lookback_window: '1h' }, { syncMode: 'incremental', watermark: ts('2024-01-01T10:00:00Z') });
    expect(fromConfig.rows.map((x) => x.id)).toEqual([1n, 2n, 3n, 4n, 5n]);
  });

  it('never moves the watermark backwards and keeps it when nothing is newer', async () => {
    const path = await t.file('orders.csv', ORDERS);
    const r = await readCsv({ path, ...incremental, lookback_window: 7200 }, { syncMode: 'incremental', watermark: ts('2024-01-01T12:30:00Z') });
    expect(r.rows.map((x) => x.id)).toEqual([3n]);
    expect(r.batches.at(-1)!.watermark).toEqual(ts('2024-01-01T12:30:00Z'));
    const none = await readCsv({ path, ...incremental }, { syncMode: 'incremental', watermark: ts('2024-02-01T00:00:00Z') });
    expect(none.batches).toEqual([]);
  });

  it('applies `start_date` when there is no watermark, and ignores it when there is one', async () => {
    const path = await t.file('orders.csv', ORDERS);
    const first = await readCsv({ path, ...incremental, start_date: '2024-01-01T10:00:00Z' }, { syncMode: 'incremental' });
    expect(first.rows.map((x) => x.id)).toEqual([2n, 3n, 4n]);
    const later = await readCsv({ path, ...incremental, start_date: '2024-01-01T10:00:00Z' }, { syncMode: 'incremental', watermark: ts('2024-01-01T09:30:00Z') });
    expect(later.rows.map((x) => x.id)).toEqual([2n, 3n, 4n, 5n]);
  });

  it('compares integer cursors as numbers, not text, with lookback in cursor units', async () => {
    const path = await t.file('seq.csv', 'seq,v\n9,a\n10,b\n100,c\n11,d\n');
    const r = await readCsv({ path, sync_mode: 'incremental', cursor_field: 'seq' }, { syncMode: 'incremental', watermark: { type: 'int', value: '10' }, lookbackWindow: 1 });
    expect(r.rows.map((x) => x.v)).toEqual(['a', 'b', 'c', 'd']);
    const strict = await readCsv({ path, sync_mode: 'incremental', cursor_field: 'seq' }, { syncMode: 'incremental', watermark: { type: 'int', value: '11' } });
    expect(strict.rows.map((x) => x.v)).toEqual(['c', 'd']);
    expect(strict.batches.at(-1)!.watermark).toEqual({ type: 'int', value: '100' });
  });

  it('supports date, float and string cursors', async () => {
    const path = await t.file('d.csv', 'day,score,code\n2024-01-03,1.5,b\n2024-01-01,2.5,a\n2024-01-02,0.5,c\n');
    const days = await readCsv({ path, sync_mode: 'incremental', cursor_field: 'day' }, { syncMode: 'incremental', watermark: { type: 'date', value: '2024-01-03' }, lookbackWindow: 86_400 });
    expect(days.rows.map((x) => x.code)).toEqual(['b', 'c']);
    expect(days.batches.at(-1)!.watermark).toEqual({ type: 'date', value: '2024-01-03' });
    const floats = await readCsv({ path, sync_mode: 'incremental', cursor_field: 'score' }, { syncMode: 'incremental', watermark: { type: 'float', value: 1.5 } });
    expect(floats.rows.map((x) => x.code)).toEqual(['b', 'a']);
    expect(floats.batches.at(-1)!.watermark).toEqual({ type: 'float', value: 2.5 });
    const strings = await readCsv({ path, sync_mode: 'incremental', cursor_field: 'code' }, { syncMode: 'incremental', watermark: { type: 'string', value: 'b' } });
    expect(strings.rows.map((x) => x.code)).toEqual(['b', 'c']);
  });

  it('carries the watermark across a glob: the max over all files, on the last batch', async () => {
    await t.file('a.csv', 'id,updated_at\n1,2024-01-05T00:00:00Z\n');
    await t.file('b.csv', 'id,updated_at\n2,2024-01-02T00:00:00Z\n');
    const r = await readCsv({ path: `${t.dir}/*.csv`, ...incremental, batch_size: 1 }, { syncMode: 'incremental' });
    expect(r.batches.map((b) => b.watermark)).toEqual([undefined, ts('2024-01-05T00:00:00.000000Z')]);
  });

  it('rejects a missing cursor column, a JSON cursor, a mismatched watermark and start_date on numbers', async () => {
    const path = await t.file('o.csv', 'id,doc\n1,"{}"\n');
    expect((await rejection(readCsv({ path, sync_mode: 'incremental', cursor_field: 'nope' }, { syncMode: 'incremental' }))).message).toContain('`nope` is not a column');
    expect((await rejection(readCsv({ path, sync_mode: 'incremental', cursor_field: 'doc', columns: { doc: 'json' } }, { syncMode: 'incremental' }))).code).toBe('CONFIG_INVALID');
    expect((await rejection(readCsv({ path, sync_mode: 'incremental', cursor_field: 'id' }, { syncMode: 'incremental', watermark: ts('2024-01-01T00:00:00Z') }))).code).toBe('STATE_INVALID');
    const e = await rejection(readCsv({ path, sync_mode: 'incremental', cursor_field: 'id', start_date: '2024-01-01' }, { syncMode: 'incremental' }));
    expect(e.message).toContain('`start_date` needs a date or timestamp cursor');
  });

  it('rejects a cdc read request', async () => {
    const path = await t.file('orders.csv', ORDERS);
    expect((await rejection(readCsv({ path }, { syncMode: 'cdc' }))).code).toBe('CONFIG_INVALID');
  });

  it('emits no watermark on a full refresh', async () => {
    const path = await t.file('orders.csv', ORDERS);
    const r = await readCsv({ path });
    expect(r.batches.every((b) => b.watermark === undefined)).toBe(true);
  });
});
