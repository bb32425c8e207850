import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { StateError, type WatermarkValue } from '@sqlflow/core';
import { DuckDBStateStore, MEMORY_STATE_WARNING, type WatermarkKey } from '@sqlflow/state';

const key = (over: Partial<WatermarkKey> = {}): WatermarkKey => ({
  pipeline: 'p1', source: 'pg', stream: 'orders', table: 'orders_raw', cursorField: 'updated_at', ...over,
});

describe('DuckDBStateStore', () => {
  let dir: string;
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;
  let store: DuckDBStateStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sqlflow-state-'));
    instance = await DuckDBInstance.create(join(dir, 'state.duckdb'));
    connection = await instance.connect();
    store = await DuckDBStateStore.open(connection);
  });

  afterEach(() => {
    connection.closeSync();
    instance.closeSync();
    rmSync(dir, { recursive: true, force: true });
  });

  it('continues one stream record when a load is retried within the same run', async () => {
    const { runId } = await store.beginRun({ pipeline: 'p1' });
    const first: WatermarkValue = { type: 'int', value: '0' };
    await store.beginStreamRun({ runId, pipeline: 'p1', source: 'pg', stream: 'orders', table: 'main.orders', mode: 'append', watermarkBefore: first });
    await store.updateStreamRun(runId, 'main.orders', { rows: 100_000, bytes: 1000, watermarkAfter: { type: 'int', value: '100000' } });
    await store.updateStreamRun(runId, 'main.orders', { status: 'failed', error: 'connection terminated' });
    // The resumed attempt starts from the committed checkpoint and counts only its own rows.
    await store.beginStreamRun({ runId, pipeline: 'p1', source: 'pg', stream: 'orders', table: 'main.orders', mode: 'append', watermarkBefore: { type: 'int', value: '100000' } });
    await store.updateStreamRun(runId, 'main.orders', { status: 'succeeded', rows: 200_000, bytes: 2000, watermarkAfter: { type: 'int', value: '300000' } });
    await store.finishRun(runId, { status: 'succeeded' });
    const [run] = await store.history('p1');
    expect(run!.streams).toHaveLength(1);
    expect(run!.streams[0]).toMatchObject({ status: 'succeeded', rows: 300_000, bytes: 3000, watermarkBefore: first, watermarkAfter: { type: 'int', value: '300000' }, error: undefined });
    expect(run!.rows).toBe(300_000);
  });

  it('keeps the type and exact value of every watermark kind', async () => {
    const values: WatermarkValue[] = [
      { type: 'int', value: '9223372036854775807' },
      { type: 'float', value: 1234.5678 },
      { type: 'string', value: 'abc-000123' },
      { type: 'timestamp', value: '2024-03-01T12:34:56.123456Z' },
      { type: 'date', value: '2024-02-29' },
    ];
    for (const [i, value] of values.entries()) {
      await store.setWatermark(key({ stream: `s${i}` }), value, { runId: 'r1', lookbackWindow: 60 });
    }
    for (const [i, value] of values.entries()) {
      const stored = await store.getWatermark(key({ stream: `s${i}` }));
      expect(stored?.value).toEqual(value);
      expect(stored?.lookbackWindow).toBe(60);
      expect(stored?.runId).toBe('r1');
    }
    expect(await store.listWatermarks('p1')).toHaveLength(5);
  });

  it('replaces a watermark and survives reopening the database', async () => {
    await store.setWatermark(key(), { type: 'int', value: '1' });
    await store.setWatermark(key(), { type: 'int', value: '2' });
    connection.closeSync();
    instance.closeSync();
    instance = await DuckDBInstance.create(join(dir, 'state.duckdb'));
    connection = await instance.connect();
    store = await DuckDBStateStore.open(connection);
    expect((await store.getWatermark(key()))?.value).toEqual({ type: 'int', value: '2' });
    expect(await store.listWatermarks('p1')).toHaveLength(1);
  });

  it('resets watermarks by pipeline and stream', async () => {
    await store.setWatermark(key({ stream: 'a' }), { type: 'int', value: '1' });
    await store.setWatermark(key({ stream: 'b' }), { type: 'int', value: '1' });
    expect(await store.reset({ pipeline: 'p1', stream: 'a' })).toBe(1);
    expect(await store.getWatermark(key({ stream: 'a' }))).toBeUndefined();
    expect(await store.getWatermark(key({ stream: 'b' }))).toBeDefined();
    expect(await store.reset({ pipeline: 'p1' })).toBe(1);
  });

  it('records runs and their streams', async () => {
    const run = await store.beginRun({ pipeline: 'p1' });
    await store.beginStreamRun({ runId: run.runId, pipeline: 'p1', source: 'pg', stream: 'orders', table: 'orders_raw', mode: 'append',
      watermarkBefore: { type: 'int', value: '5' } });
    await store.updateStreamRun(run.runId, 'orders_raw', { rows: 10, bytes: 100, watermarkAfter: { type: 'int', value: '9' }, status: 'succeeded' });
    await store.finishRun(run.runId, { status: 'succeeded' });
    const failed = await store.beginRun({ pipeline: 'p1' });
    await store.finishRun(failed.runId, { status: 'failed', error: 'boom' });
    const history = await store.history('p1');
    expect(history.map((r) => r.status)).toEqual(['failed', 'succeeded']);
    expect(history[0]!.error).toBe('boom');
    const ok = history[1]!;
    expect(ok.rows).toBe(10);
    expect(ok.streams[0]).toMatchObject({ stream: 'orders', rows: 10, bytes: 100, status: 'succeeded',
      watermarkBefore: { type: 'int', value: '5' }, watermarkAfter: { type: 'int', value: '9' } });
    expect(ok.finishedAt).toBeInstanceOf(Date);
  });

  describe('locks', () => {
    it('fails fast for a second run, naming the holder and since when', async () => {
      const held = await store.acquireLock('p1', { owner: { runId: 'run-A' }, heartbeatMs: 0 });
      const second = store.acquireLock('p1', { owner: { runId: 'run-B' }, heartbeatMs: 0 });
      await expect(second).rejects.toThrow(StateError);
      await expect(store.acquireLock('p1', { owner: { runId: 'run-B' } })).rejects.toThrow(
        new RegExp(`Pipeline "p1" is already running: run run-A \\(pid ${process.pid} on .+\\) holds its lock since \\d{4}-`),
      );
      await held.release();
      await held.release();
      const next = await store.acquireLock('p1', { owner: { runId: 'run-B' }, heartbeatMs: 0 });
      expect((await store.getLock('p1'))?.runId).toBe('run-B');
      await next[Symbol.asyncDispose]();
      expect(await store.getLock('p1')).toBeUndefined();
    });

    it('takes over a lock whose process is dead on this host and marks its run interrupted', async () => {
      const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
      const run = await store.beginRun({ pipeline: 'p1', runId: 'dead-run' });
      await store.acquireLock('p1', { owner: { runId: run.runId, pid: dead }, heartbeatMs: 0 });
      const mine = await store.acquireLock('p1', { owner: { runId: 'fresh' }, heartbeatMs: 0 });
      expect(mine.info.runId).toBe('fresh');
      const [old] = await store.history('p1');
      expect(old).toMatchObject({ runId: 'dead-run', status: 'interrupted' });
      expect(old!.error).toContain(`process ${dead}`);
      await mine.release();
    });

    it('takes over a lock whose heartbeat is older than staleAfterMs', async () => {
      let now = new Date('2024-01-01T00:00:00Z');
      const clocked = await DuckDBStateStore.open(connection, { now: () => now, host: 'elsewhere-check' });
      await clocked.acquireLock('p1', { owner: { runId: 'remote', host: 'other-host', pid: 1 }, heartbeatMs: 0 });
      await expect(clocked.acquireLock('p1', { owner: { runId: 'mine' }, staleAfterMs: 60_000 })).rejects.toThrow(/already running/);
      now = new Date('2024-01-01T00:02:00Z');
      const mine = await clocked.acquireLock('p1', { owner: { runId: 'mine' }, staleAfterMs: 60_000, heartbeatMs: 0 });
      expect(mine.info.runId).toBe('mine');
      await mine.release();
    });

    it('refreshes the heartbeat on a timer while held', async () => {
      jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
      let now = new Date('2024-01-01T00:00:00Z');
      const clocked = await DuckDBStateStore.open(connection, { now: () => now });
      try {
        const held = await clocked.acquireLock('p1', { owner: { runId: 'a' }, heartbeatMs: 1000 });
        now = new Date('2024-01-01T00:00:05Z');
        jest.advanceTimersByTime(1000);
        jest.useRealTimers();
        for (let i = 0; i < 50 && (await clocked.getLock('p1'))?.heartbeatAt.getTime() !== now.getTime(); i++) {
          await new Promise((r) => setTimeout(r, 10));
        }
        expect((await clocked.getLock('p1'))?.heartbeatAt).toEqual(now);
        await held.release();
      } finally {
        jest.useRealTimers();
      }
    });
  });

  it('warns that an in-memory database keeps no state', async () => {
    const mem = await DuckDBInstance.create(':memory:');
    const c = await mem.connect();
    const memStore = await DuckDBStateStore.open(c, { durable: false });
    expect(memStore.durable).toBe(false);
    expect(memStore.warnings).toEqual([MEMORY_STATE_WARNING]);
    expect(store.warnings).toEqual([]);
    c.closeSync();
    mem.closeSync();
  });
});
