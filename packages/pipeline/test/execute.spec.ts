import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, type Logger, StateError } from '@sqlflow/core';
import { Engine } from '@sqlflow/engine';
import { ConnectorRegistry, preparePipeline, runPipeline, runPipelineFile, type RunReport } from '@sqlflow/pipeline';
import { faults, type Item, memoryDestination, memorySource, tables, written } from './support/memory-connectors';

const registry = new ConnectorRegistry([memorySource, memoryDestination]);
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sqlflow-exec-'));
  tables.clear();
  faults.clear();
  written.clear();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function items(from: number, to: number, at: (i: number) => string): Item[] {
  return Array.from({ length: to - from + 1 }, (_, k) => ({ id: from + k, name: `item ${from + k}`, updated_at: at(from + k) }));
}
const day = (i: number): string => `2024-01-${String(Math.min(28, 1 + Math.floor(i / 3))).padStart(2, '0')}T00:00:00Z`;

function pipeline(name: string, text: string): string {
  const file = join(dir, `${name}.sf`);
  writeFileSync(file, text);
  return file;
}

function capture(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (m) => lines.push(`warn: ${m}`),
    error: (m) => lines.push(`error: ${m}`),
    child: () => logger,
  };
  return { logger, lines };
}

async function query(sql: string): Promise<Record<string, unknown>[]> {
  const engine = await Engine.open({ path: join(dir, 'target', 'warehouse.duckdb') });
  try {
    return await engine.query(sql);
  } finally {
    await engine.close();
  }
}

function step(report: RunReport, id: string) {
  return report.steps.find((s) => s.id === id)!;
}

describe('runPipelineFile', () => {
  it('keeps one watermark per target table when one source feeds several loads', async () => {
    tables.set('items', items(1, 9, day));
    const file = pipeline(
      'fanout',
      `SOURCE s TYPE MEM PARAMS { "table": "items", "sync_mode": "incremental", "cursor_field": "updated_at", "primary_key": "id" };
       LOAD latest FROM s MODE REPLACE;
       LOAD history FROM s MODE APPEND;
       LOAD current FROM s MODE UPSERT KEY (id);`,
    );
    expect((await runPipelineFile(file, { registry })).status).toBe('succeeded');
    tables.set('items', [...items(1, 9, day), ...items(10, 12, () => '2024-02-01T00:00:00Z')]);
    const second = await runPipelineFile(file, { registry });
    expect(second.status).toBe('succeeded');
    // REPLACE reads everything; APPEND and UPSERT read from their own watermark only.
    expect(step(second, 'load:latest').rowsRead).toBe(12);
    expect(step(second, 'load:history').rowsRead).toBeLessThan(12);
    expect(step(second, 'load:current').rowsRead).toBeLessThan(12);
    expect(await query('SELECT (SELECT count(*) FROM latest)::INT AS l, (SELECT count(*) FROM history)::INT AS h, (SELECT count(DISTINCT id) FROM history)::INT AS hd, (SELECT count(*) FROM current)::INT AS c')).toEqual([
      { l: 12, h: 12, hd: 12, c: 12 },
    ]);
  });

  it('re-reads from the last committed watermark after a transient failure mid-read, with no loss and no duplicates', async () => {
    tables.set('items', items(1, 120, (i) => `2024-01-01T00:${String(Math.floor(i / 2)).padStart(2, '0')}:00Z`));
    faults.set('items', { afterRows: 70, times: 1 });
    const file = pipeline(
      'resume',
      `SOURCE s TYPE MEM PARAMS { "table": "items", "batch_size": 10, "sync_mode": "incremental", "cursor_field": "updated_at" };
       LOAD t FROM s MODE APPEND;`,
    );
    const { logger, lines } = capture();
    const report = await runPipelineFile(file, { registry, context: { logger } });
    expect(report.status).toBe('succeeded');
    expect(lines.some((l) => l.includes('resuming from the last committed checkpoint (attempt 2/3)'))).toBe(true);
    expect(step(report, 'load:t')).toMatchObject({ attempts: 2, rows: 120 });
    expect(step(report, 'load:t').watermarkBefore).toBeUndefined();
    const [run] = await (async () => {
      const engine = await Engine.open({ path: join(dir, 'target', 'warehouse.duckdb') });
      try {
        return await engine.state.history('resume');
      } finally {
        await engine.close();
      }
    })();
    expect(run!.streams).toHaveLength(1);
    expect(run!.streams[0]).toMatchObject({ status: 'succeeded', rows: 120 });
    expect(await query('SELECT count(*)::INT AS n, count(DISTINCT id)::INT AS d, max(updated_at)::VARCHAR AS m FROM t')).toEqual([{ n: 120, d: 120, m: '2024-01-01 01:00:00+00' }]);
  });

  it('fails the run, skips what depends on a failed step and still runs independent steps', async () => {
    tables.set('good', items(1, 3, day));
    faults.set('bad', { afterRows: 0, times: 99 });
    tables.set('bad', items(1, 3, day));
    const file = pipeline(
      'partial',
      `SOURCE good TYPE MEM PARAMS { "table": "good" };
       SOURCE bad TYPE MEM PARAMS { "table": "bad" };
       LOAD g FROM good;
       LOAD b FROM bad;
       CREATE TABLE from_b AS SELECT count(*) AS n FROM b;
       CREATE TABLE from_g AS SELECT count(*) AS n FROM g;`,
    );
    const report = await runPipelineFile(file, { registry });
    expect(report.status).toBe('failed');
    expect(step(report, 'load:b').status).toBe('failed');
    expect(step(report, 'load:b').error?.message).toContain('injected');
    expect(step(report, 'sql:from_b').status).toBe('skipped');
    expect(step(report, 'sql:from_g')).toMatchObject({ status: 'succeeded', rows: 1 });
  });

  it('redacts a secret parameter written literally in PARAMS from the report and the logs', async () => {
    tables.set('items', items(1, 3, day));
    faults.set('items', { afterRows: 0, times: 99 });
    const file = pipeline('secret', 'SOURCE s TYPE MEM PARAMS { "table": "items", "token": "tok_live_abcdef123" };\nLOAD t FROM s;');
    const { logger, lines } = capture();
    const report = await runPipelineFile(file, { registry, context: { logger } });
    expect(report.status).toBe('failed');
    expect(JSON.stringify(report)).not.toContain('tok_live_abcdef123');
    expect(report.error?.message).toContain('token=********');
    expect(lines.join('\n')).not.toContain('tok_live_abcdef123');
    expect(lines.some((l) => l.includes('token=********'))).toBe(true);
    const state = await query('SELECT (SELECT string_agg(coalesce(error, \'\'), \' \') FROM sqlflow.runs) AS runs, (SELECT string_agg(coalesce(error, \'\'), \' \') FROM sqlflow.stream_runs) AS streams');
    expect(JSON.stringify(state)).not.toContain('tok_live_abcdef123');
  });

  it('records what the connector used in each step of the report', async () => {
    tables.set('a', items(1, 5, day));
    tables.set('b', items(1, 3, day));
    const file = pipeline(
      'usage',
      `SOURCE s TYPE MEM PARAMS { "table": "a" };
       SOURCE t TYPE MEM PARAMS { "table": "b" };
       LOAD first FROM s;
       LOAD second FROM s;
       LOAD third FROM t;`,
    );
    const report = await runPipelineFile(file, { registry, concurrency: 1 });
    expect(report.status).toBe('succeeded');
    // Each step reports only its own use, though two loads share the session of SOURCE s.
    expect(step(report, 'load:first').usage).toEqual({ reads: 1, rowsServed: 5 });
    expect(step(report, 'load:second').usage).toEqual({ reads: 1, rowsServed: 5 });
    expect(step(report, 'load:third').usage).toEqual({ reads: 1, rowsServed: 3 });
  });

  it('refuses a profile asking for the PostgreSQL state store before anything runs', async () => {
    tables.set('items', items(1, 3, day));
    const file = pipeline('pgstate', 'SOURCE s TYPE MEM PARAMS { "table": "items" };\nLOAD t FROM s MODE REPLACE;');
    mkdirSync(join(dir, 'profiles'));
    writeFileSync(join(dir, 'profiles', 'shared.yml'), 'engine:\n  path: target/shared.duckdb\nstate:\n  store: postgres\n  url: postgres://state@db/sqlflow\n');
    const run = runPipelineFile(file, { registry, profile: 'shared' });
    await expect(run).rejects.toBeInstanceOf(ConfigError);
    await expect(run).rejects.toThrow('profile shared: the PostgreSQL state store is not available yet; use "store: duckdb" (the default)');
    expect(existsSync(join(dir, 'target'))).toBe(false);
  });

  it('refuses a second concurrent run of the same pipeline', async () => {
    tables.set('items', items(1, 3, day));
    const file = pipeline('locked', 'SOURCE s TYPE MEM PARAMS { "table": "items" };\nLOAD t FROM s;');
    const prepared = await preparePipeline(file, { registry });
    const engine = await Engine.open({ path: ':memory:' });
    try {
      const lock = await engine.state.acquireLock(prepared.name);
      await expect(runPipeline({ pipeline: prepared.validated, plan: prepared.plan, engine, registry, projectDir: dir, name: prepared.name })).rejects.toBeInstanceOf(StateError);
      await lock.release();
      const report = await runPipeline({ pipeline: prepared.validated, plan: prepared.plan, engine, registry, projectDir: dir, name: prepared.name });
      expect(report.status).toBe('succeeded');
    } finally {
      await engine.close();
    }
  });

  it('exports the SELECT it is given to a destination connector', async () => {
    tables.set('items', items(1, 9, day));
    const file = pipeline(
      'export',
      `SOURCE s TYPE MEM PARAMS { "table": "items" };
       LOAD t FROM s;
       EXPORT SELECT id, name FROM t WHERE id % 3 = 0 ORDER BY id TO "thirds" TYPE MEMDEST OPTIONS { "label": "x" };`,
    );
    const report = await runPipelineFile(file, { registry });
    expect(report.status).toBe('succeeded');
    expect(step(report, 'export:thirds')).toMatchObject({ rows: 3, destination: 'mem://thirds' });
    expect(written.get('thirds')!.map((r) => Number(r.id))).toEqual([3, 6, 9]);
  });

  it('applies CREATE TABLE modes: append, upsert by key, incremental by column', async () => {
    tables.set('items', items(1, 6, day));
    const file = pipeline(
      'modes',
      `SOURCE s TYPE MEM PARAMS { "table": "items" };
       LOAD t FROM s;
       CREATE TABLE appended MODE APPEND AS SELECT id FROM t;
       CREATE TABLE upserted MODE UPSERT KEY (id) AS SELECT id, name FROM t;
       CREATE TABLE incr MODE INCREMENTAL BY updated_at LOOKBACK '1 day' AS SELECT id, updated_at FROM t;`,
    );
    await runPipelineFile(file, { registry });
    tables.set('items', [...items(1, 5, day), { id: 6, name: 'renamed', updated_at: day(6) }, ...items(7, 8, () => '2024-01-09T00:00:00Z')]);
    const report = await runPipelineFile(file, { registry });
    expect(report.status).toBe('succeeded');
    expect(
      await query(
        "SELECT (SELECT count(*) FROM appended)::INT AS a, (SELECT count(*) FROM upserted)::INT AS u, (SELECT name FROM upserted WHERE id = 6) AS n6, (SELECT count(*) FROM incr)::INT AS i, (SELECT count(DISTINCT id) FROM incr)::INT AS di",
      ),
    ).toEqual([{ a: 14, u: 8, n6: 'renamed', i: 8, di: 8 }]);
  });
});
