import { parseTimestampMicros, watermarkJsValue } from '@sqlflow/core';
import type { Engine, LoadMode } from '@sqlflow/engine';
import { Field, Int64, Schema, TimestampMicrosecond, Utf8 } from 'apache-arrow';
import { MemorySource, openEngine, plain } from './support';

const intSchema = new Schema([new Field('id', new Utf8()), new Field('cur', new Int64()), new Field('v', new Utf8())]);
const tsSchema = new Schema([new Field('id', new Utf8()), new Field('at', new TimestampMicrosecond('UTC')), new Field('v', new Utf8())]);
const cmpInt = (a: unknown, b: unknown): number => Number(a) - Number(b);
const cmpTs = (a: unknown, b: unknown): number => Number(parseTimestampMicros(String(a)) - parseTimestampMicros(String(b)));

describe('incremental loads', () => {
  let engine: Engine;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ engine, cleanup } = await openEngine()));
  afterEach(() => cleanup());

  const load = (source: MemorySource, mode: LoadMode, cursorField: string, extra: { lookbackWindow?: number; checkpointRows?: number } = {}) =>
    engine.loadStream({
      pipeline: 'p', source: 'mem', stream: 's', table: 't', mode, cursorField, ...(mode === 'upsert' ? { key: ['id'] } : {}),
      checkpointRows: extra.checkpointRows ?? 250, lookbackWindow: extra.lookbackWindow ?? 0,
      batches: ({ lowerBound }) => source.read(lowerBound ? (lowerBound.type === 'timestamp' ? lowerBound.value : watermarkJsValue(lowerBound)) : undefined, 100),
    });

  describe.each<LoadMode>(['append', 'upsert'])('%s: 1,000 rows share the boundary cursor value', (mode) => {
    it('loads every row exactly once when half of the ties arrive after the first run', async () => {
      const source = new MemorySource(intSchema, 'cur', (v) => ({ type: 'int', value: String(v) }), cmpInt);
      for (let i = 0; i < 300; i++) source.add({ id: `a${i}`, cur: 50 + (i % 50), v: 'x' });
      for (let i = 0; i < 500; i++) source.add({ id: `tie${i}`, cur: 100, v: 'x' });
      if (mode === 'append') source.add({ id: 'dup', cur: 100, v: 'same' }, { id: 'dup', cur: 100, v: 'same' });
      const first = await load(source, mode, 'cur');
      expect(first.watermarkAfter).toEqual({ type: 'int', value: '100' });
      expect(first.checkpoints).toBeGreaterThan(1);

      for (let i = 500; i < 1000; i++) source.add({ id: `tie${i}`, cur: 100, v: 'x' });
      for (let i = 0; i < 50; i++) source.add({ id: `b${i}`, cur: 101 + i, v: 'x' });
      const second = await load(source, mode, 'cur');
      expect(second.watermarkBefore).toEqual({ type: 'int', value: '100' });
      expect(second.watermarkAfter).toEqual({ type: 'int', value: '150' });
      if (mode === 'append') expect(second).toMatchObject({ rows: 550, skippedRows: 502 });

      const third = await load(source, mode, 'cur');
      expect(third.watermarkAfter).toEqual({ type: 'int', value: '150' });
      if (mode === 'append') expect(third).toMatchObject({ rows: 0, skippedRows: 1 });

      const [counts] = plain(await engine.query('SELECT count(*) AS n, count(DISTINCT id) AS ids, count(*) FILTER (WHERE cur = 100) AS ties FROM t'));
      const expected = source.rows.length;
      expect(counts).toEqual({ n: expected, ids: mode === 'append' ? expected - 1 : expected, ties: mode === 'append' ? 1002 : 1000 });
      expect((await engine.state.getWatermark({ pipeline: 'p', source: 'mem', stream: 's', table: 'main.t', cursorField: 'cur' }))?.value)
        .toEqual({ type: 'int', value: '150' });
    });
  });

  describe.each<LoadMode>(['append', 'upsert'])('%s: late rows within the lookback window', (mode) => {
    it('loads late rows once and does not duplicate re-read rows', async () => {
      const source = new MemorySource(tsSchema, 'at', (v) => ({ type: 'timestamp', value: String(v) }), cmpTs);
      const at = (min: number, sec = 0, us = 0): string =>
        `2024-05-01T${String(10 + Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}:${String(sec).padStart(2, '0')}.${String(us).padStart(6, '0')}Z`;
      for (let m = 0; m <= 120; m++) source.add({ id: `r${m}`, at: at(m), v: 'x' });
      const first = await load(source, mode, 'at', { lookbackWindow: 3600 });
      expect(first.watermarkAfter).toEqual({ type: 'timestamp', value: '2024-05-01T12:00:00.000000Z' });

      source.add({ id: 'late', at: at(90, 0, 1), v: 'late' });
      source.add({ id: 'new', at: at(121), v: 'new' });
      if (mode === 'upsert') source.add({ id: 'r100', at: at(119, 59), v: 'updated-late' });
      const second = await load(source, mode, 'at', { lookbackWindow: 3600 });
      expect(second.watermarkAfter).toEqual({ type: 'timestamp', value: '2024-05-01T12:01:00.000000Z' });
      await load(source, mode, 'at', { lookbackWindow: 3600 });

      const rows = plain(await engine.query('SELECT id, v FROM t ORDER BY id'));
      if (mode === 'append') {
        expect(rows).toHaveLength(123);
        expect(new Set(rows.map((r) => r['id'])).size).toBe(123);
      } else {
        expect(rows).toHaveLength(123);
        expect(rows.find((r) => r['id'] === 'r100')).toEqual({ id: 'r100', v: 'updated-late' });
      }
      expect(rows.find((r) => r['id'] === 'late')).toEqual({ id: 'late', v: 'late' });
    });
  });
});
