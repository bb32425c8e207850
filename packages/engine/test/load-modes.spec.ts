import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, SchemaError } from '@sqlflow/core';
import { type Engine, Engine as EngineClass } from '@sqlflow/engine';
import { Field, Float64, Int32, Int64, Schema, TimestampMicrosecond, Utf8 } from 'apache-arrow';
import { batchOf, openEngine, plain, streamOf } from './support';

const schema = new Schema([new Field('id', new Int64()), new Field('region', new Utf8()), new Field('amount', new Float64())]);
const base = { pipeline: 'p', source: 'src', stream: 'orders' };

describe('load modes', () => {
  let engine: Engine;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ engine, cleanup } = await openEngine()));
  afterEach(() => cleanup());

  it('REPLACE creates the table and replaces its content on the next load', async () => {
    const first = await engine.loadStream({ ...base, table: 'orders', mode: 'replace',
      batches: streamOf(batchOf(schema, [{ id: 1, region: 'eu', amount: 1.5 }, { id: 2, region: 'us', amount: 2 }])) });
    expect(first).toMatchObject({ rows: 2, mode: 'replace', table: 'main.orders' });
    await engine.loadStream({ ...base, table: 'orders', mode: 'replace', batches: streamOf(batchOf(schema, [{ id: 3, region: 'eu', amount: 3 }])) });
    expect(plain(await engine.query('SELECT * FROM orders'))).toEqual([{ id: 3, region: 'eu', amount: 3 }]);
  });

  it('APPEND adds rows and creates a schema-qualified table', async () => {
    for (const id of [1, 2]) {
      await engine.loadStream({ ...base, table: 'raw.orders', mode: 'append', batches: streamOf(batchOf(schema, [{ id, region: 'eu', amount: id }])) });
    }
    expect(plain(await engine.query('SELECT id FROM raw.orders ORDER BY id'))).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('UPSERT by a composite key updates existing combinations and inserts new ones', async () => {
    const s = new Schema([new Field('id', new Int64()), new Field('region', new Utf8()), new Field('amount', new Float64())]);
    const key = ['id', 'region'];
    await engine.loadStream({ ...base, table: 'o', mode: 'upsert', key,
      batches: streamOf(batchOf(s, [{ id: 1, region: 'eu', amount: 1 }, { id: 1, region: 'us', amount: 2 }])) });
    const r = await engine.loadStream({ ...base, table: 'o', mode: 'upsert', key,
      batches: streamOf(batchOf(s, [{ id: 1, region: 'us', amount: 20 }, { id: 2, region: 'eu', amount: 3 }, { id: 2, region: 'eu', amount: 30 }])) });
    expect(r.rows).toBe(2);
    expect(plain(await engine.query('SELECT * FROM o ORDER BY id, region'))).toEqual([
      { id: 1, region: 'eu', amount: 1 },
      { id: 1, region: 'us', amount: 20 },
      { id: 2, region: 'eu', amount: 30 },
    ]);
  });

  it('UPSERT into a user-created table without a primary key', async () => {
    await engine.run('CREATE TABLE o (id BIGINT, region VARCHAR, amount DOUBLE, note VARCHAR)');
    await engine.run("INSERT INTO o VALUES (1, 'eu', 1, 'kept')");
    await engine.loadStream({ ...base, table: 'o', mode: 'upsert', key: ['id'],
      batches: streamOf(batchOf(schema, [{ id: 1, region: 'eu', amount: 5 }, { id: 2, region: 'eu', amount: 6 }])) });
    expect(plain(await engine.query('SELECT id, amount, note FROM o ORDER BY id'))).toEqual([
      { id: 1, amount: 5, note: null },
      { id: 2, amount: 6, note: null },
    ]);
  });

  it('rejects UPSERT without a key', async () => {
    await expect(engine.loadStream({ ...base, table: 'o', mode: 'upsert', batches: streamOf() })).rejects.toThrow(/needs KEY/);
  });

  it('reports every mismatched column with source and target types, and new columns', async () => {
    await engine.run('CREATE TABLE t (id INTEGER, region INTEGER, amount VARCHAR)');
    const wider = new Schema([...schema.fields, new Field('at', new TimestampMicrosecond('UTC'))]);
    const error: unknown = await engine
      .loadStream({ ...base, table: 't', mode: 'append', batches: streamOf(batchOf(wider, [{ id: 1, region: 'x', amount: 1, at: null }])) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaError);
    const message = (error as Error).message;
    expect(message).toContain('id: source BIGINT, target INTEGER');
    expect(message).toContain('region: source VARCHAR, target INTEGER');
    expect(message).toContain('amount: source DOUBLE, target VARCHAR');
    expect(message).toContain('not in the table (1): at TIMESTAMP WITH TIME ZONE');
    expect(plain(await engine.query('SELECT count(*) AS n FROM t'))).toEqual([{ n: 0 }]);
  });

  it('accepts lossless widening into an existing table', async () => {
    await engine.run('CREATE TABLE w (id BIGINT, region JSON, amount DOUBLE)');
    const narrow = new Schema([new Field('id', new Int32()), new Field('region', new Utf8()), new Field('amount', new Float64())]);
    await engine.loadStream({ ...base, table: 'w', mode: 'append', batches: streamOf(batchOf(narrow, [{ id: 7, region: '{"a":1}', amount: 1 }])) });
    expect(plain(await engine.query('SELECT id, region FROM w'))).toEqual([{ id: 7, region: '{"a":1}' }]);
  });

  it('REPLACE is atomic: a failure mid-stream leaves the old table intact and readable', async () => {
    await engine.loadStream({ ...base, table: 'r', mode: 'replace', batches: streamOf(batchOf(schema, [{ id: 1, region: 'eu', amount: 1 }])) });
    let readDuring: unknown;
    async function* failing() {
      yield batchOf(schema, Array.from({ length: 5000 }, (_, i) => ({ id: i, region: 'x', amount: i })));
      readDuring = await engine.query('SELECT count(*) AS n FROM r');
      throw new Error('source broke');
    }
    await expect(engine.loadStream({ ...base, table: 'r', mode: 'replace', batches: failing() })).rejects.toThrow('source broke');
    expect(plain(readDuring as Record<string, unknown>[])).toEqual([{ n: 1 }]);
    expect(plain(await engine.query('SELECT * FROM r'))).toEqual([{ id: 1, region: 'eu', amount: 1 }]);
    expect(await engine.query("SELECT table_name FROM duckdb_tables() WHERE table_name LIKE '%staging%'")).toEqual([]);
    const [run] = await engine.state.history('p', { limit: 1 });
    expect(run).toMatchObject({ status: 'failed', error: 'source broke' });
  });

  it('creates an empty table from the declared schema when no batch arrives', async () => {
    await engine.loadStream({ ...base, table: 'empty', mode: 'append', schema, batches: streamOf() });
    expect(plain(await engine.query('SELECT count(*) AS n FROM empty'))).toEqual([{ n: 0 }]);
  });
});

describe('Engine.open', () => {
  it('refuses a database file named like the state schema, saying why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'engine-name-'));
    await expect(EngineClass.open({ path: join(dir, 'sqlflow.duckdb') })).rejects.toBeInstanceOf(ConfigError);
    await expect(EngineClass.open({ path: join(dir, 'SQLFlow.db') })).rejects.toThrow('clashes with the "sqlflow" schema');
  });
});
