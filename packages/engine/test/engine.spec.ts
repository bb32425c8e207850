import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { StateError } from '@sqlflow/core';
import { Engine } from '@sqlflow/engine';
import { MEMORY_STATE_WARNING } from '@sqlflow/state';
import { openEngine, plain, tempDir } from './support';

describe('Engine', () => {
  it('runs SQL, queries rows and explains plans', async () => {
    const { engine, cleanup } = await openEngine();
    try {
      await engine.run('CREATE TABLE t (i BIGINT)');
      expect(await engine.run('INSERT INTO t SELECT range FROM range(10)')).toBe(10);
      expect(plain(await engine.query('SELECT sum(i) AS s FROM t WHERE i > $1', [4]))).toEqual([{ s: 35 }]);
      const plan = await engine.explain('SELECT i FROM t WHERE i > 4');
      expect(plan).toMatch(/SEQ_SCAN|TABLE_SCAN/i);
      expect(await engine.explain('SELECT count(*) FROM t', { analyze: true })).toMatch(/Total Time/i);
    } finally {
      await cleanup();
    }
  });

  it('close is idempotent and later calls fail clearly', async () => {
    const { engine, cleanup } = await openEngine();
    await engine.close();
    await engine.close();
    await expect(engine.query('SELECT 1')).rejects.toThrow(/closed/);
    await cleanup();
  });

  it('warns that a memory database keeps no state', async () => {
    await using engine = await Engine.open({ path: ':memory:' });
    expect(engine.warnings).toEqual([MEMORY_STATE_WARNING]);
    expect(engine.state.durable).toBe(false);
  });

  it('fails fast with a StateError when another process holds the database file', async () => {
    const t = tempDir();
    const path = join(t.dir, 'busy.duckdb');
    const holder = `const { DuckDBInstance } = require('@duckdb/node-api');
      DuckDBInstance.create(${JSON.stringify(path)}).then(() => { process.stdout.write('ready'); setTimeout(() => {}, 20000); });`;
    const child = spawn(process.execPath, ['-e', holder], { cwd: __dirname, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      const error: unknown = await Engine.open({ path }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StateError);
      expect((error as Error).message).toContain(`in use by another process (pid ${child.pid}`);
    } finally {
      child.kill('SIGKILL');
      t.cleanup();
    }
  });
});
