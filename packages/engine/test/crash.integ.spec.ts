// Acceptance test of exactly-once: a 200k-row incremental load runs in a child process that is
// killed with SIGKILL at many different moments; a normal rerun must then leave exactly the
// source rows in the target, and the stored watermark must equal the greatest loaded cursor.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine, type LoadMode } from '@sqlflow/engine';
import { plain, tempDir } from './support';

const ROWS = 200_000;
const TIE = 37;
const CHILD = join(__dirname, 'fixtures', 'crash-child.ts');
const HOOK = join(__dirname, 'fixtures', 'ts-hook.cjs');

type Kill = { atRows: number } | { afterCheckpoints: number };

function startChild(db: string, mode: LoadMode, progress: string, killAtRows?: number): ChildProcess {
  const env = { ...process.env, DB: db, MODE: mode, ROWS: String(ROWS), TIE: String(TIE), PROGRESS: progress,
    ...(killAtRows !== undefined ? { KILL_AT_ROWS: String(killAtRows) } : {}) };
  return spawn(process.execPath, ['-r', HOOK, CHILD], { env, stdio: ['ignore', 'pipe', 'pipe'] });
}

function finished(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }> {
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, out, err })));
}

async function killed(db: string, mode: LoadMode, progress: string, kill: Kill): Promise<void> {
  const child = startChild(db, mode, progress, 'atRows' in kill ? kill.atRows : undefined);
  const done = finished(child);
  if ('afterCheckpoints' in kill) {
    const lines = (): number => (existsSync(progress) ? readFileSync(progress, 'utf8').split('\n').length - 1 : 0);
    const start = lines();
    while (lines() < start + kill.afterCheckpoints && child.exitCode === null) await new Promise((r) => setTimeout(r, 2));
    child.kill('SIGKILL');
  }
  const result = await done;
  expect(result.signal).toBe('SIGKILL');
}

async function inspect(db: string): Promise<{ rows: Record<string, unknown>; watermark: bigint | undefined }> {
  const engine = await Engine.open({ path: db });
  try {
    const exists = await engine.query("SELECT 1 FROM duckdb_tables() WHERE table_name = 'target'");
    const [rows] = exists.length
      ? plain(await engine.query(`SELECT count(*) AS n, count(DISTINCT id) AS ids, coalesce(sum(id), 0)::HUGEINT::VARCHAR AS s,
          coalesce(bool_and(v = 'v' || id AND cur = id // ${TIE}), true) AS consistent, max(cur) AS max_cur FROM target`))
      : [{ n: 0, ids: 0, s: '0', consistent: true, max_cur: null }];
    const w = await engine.state.getWatermark({ pipeline: 'crash', source: 'gen', stream: 'rows', table: 'main.target', cursorField: 'cur' });
    return { rows: rows!, watermark: w ? BigInt(w.value.value as string) : undefined };
  } finally {
    await engine.close();
  }
}

/** After a kill: no duplicates, nothing past the watermark, every row below it present. */
async function expectConsistentPrefix(db: string): Promise<void> {
  const { rows, watermark } = await inspect(db);
  expect(rows['n']).toBe(rows['ids']);
  expect(rows['consistent']).toBe(true);
  if (watermark === undefined) {
    expect(rows['n']).toBe(0);
    return;
  }
  expect(BigInt(rows['max_cur'] as number)).toBe(watermark);
  expect(rows['n'] as number).toBeGreaterThanOrEqual(Number(watermark) * TIE);
  expect(rows['n'] as number).toBeLessThanOrEqual((Number(watermark) + 1) * TIE);
}

async function expectExactlyTheSource(db: string): Promise<void> {
  const { rows, watermark } = await inspect(db);
  expect(rows).toEqual({ n: ROWS, ids: ROWS, s: String((BigInt(ROWS) * BigInt(ROWS - 1)) / 2n), consistent: true, max_cur: Math.floor((ROWS - 1) / TIE) });
  expect(watermark).toBe(BigInt(Math.floor((ROWS - 1) / TIE)));
}

const kills: [string, Kill[]][] = [
  ['in the first batch, before any checkpoint', [{ atRows: 1000 }]],
  ['between checkpoints (23,456 rows)', [{ atRows: 23_456 }]],
  ['half way (100,000 rows)', [{ atRows: 100_000 }]],
  ['inside a tie group (150,001 rows)', [{ atRows: 150_001 }]],
  ['at the last batch, before the final commit', [{ atRows: ROWS }]],
  ['at an arbitrary moment after 3 checkpoints (parent SIGKILL)', [{ afterCheckpoints: 3 }]],
  ['at an arbitrary moment after 20 checkpoints (parent SIGKILL)', [{ afterCheckpoints: 20 }]],
  ['three times in a row, each resuming from the last checkpoint', [{ atRows: 60_000 }, { atRows: 45_000 }, { afterCheckpoints: 4 }]],
];

describe.each<LoadMode>(['append', 'upsert'])('crash safety of an incremental %s load', (mode) => {
  it.each(kills)('SIGKILL %s, then a rerun loads every row exactly once', async (_label, sequence) => {
    const t = tempDir();
    const db = join(t.dir, 'crash.duckdb');
    const progress = join(t.dir, 'progress.log');
    try {
      for (const kill of sequence) {
        await killed(db, mode, progress, kill);
        await expectConsistentPrefix(db);
      }
      const rerun = await finished(startChild(db, mode, progress));
      expect(rerun.err).toBe('');
      expect(rerun.code).toBe(0);
      await expectExactlyTheSource(db);
      const again = await finished(startChild(db, mode, progress));
      expect(JSON.parse(again.out)).toMatchObject(mode === 'append' ? { rows: 0 } : {});
      await expectExactlyTheSource(db);
    } finally {
      t.cleanup();
    }
  });
});
