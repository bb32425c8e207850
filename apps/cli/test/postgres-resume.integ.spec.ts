import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { runCli } from './run-cli';
import { duckRows, parseReport, scratchPostgres, type ScratchPostgres, scratchProject } from './postgres-support';

// Acceptance: "A dropped connection in the middle of a read resumes from the last committed
// watermark on the next attempt." `sqlflow run` reads 300,000 rows in batches of 10,000; the
// engine commits a checkpoint (rows + watermark in one DuckDB transaction) at each batch once
// 50,000 rows are staged. The view the pipeline reads stops the first COPY just before id
// 150,000 (pg_sleep, once: a sequence is not rolled back by the kill), the test finds that
// backend in pg_stat_activity and terminates it with pg_terminate_backend. The load step sees a
// retryable error, reads again from the last committed watermark, and the table ends with
// every row exactly once. APPEND without a key, so a restart from zero would show duplicates.

const ROWS = 300_000;
const PAUSE_AT = 150_000;

const PIPELINE = `
SOURCE big TYPE POSTGRES PARAMS {
  "connection": "\${pg_url}", "table": "big_v", "application_name": "sqlflow-resume-test",
  "sync_mode": "incremental", "cursor_field": "id", "batch_size": 10000
};
LOAD big FROM big MODE APPEND;
`;

let pg: ScratchPostgres;
let project: ReturnType<typeof scratchProject>;

beforeAll(async () => {
  pg = await scratchPostgres('sqlflow_resume');
  await pg.sql.unsafe(`
    CREATE TABLE big (id bigint PRIMARY KEY, amount numeric(12,2) NOT NULL, note text, created_at timestamptz NOT NULL);
    INSERT INTO big SELECT i, (i % 100000) / 100.0, CASE WHEN i % 10 = 0 THEN NULL ELSE 'row ' || i END,
      timestamptz '2024-01-01 00:00:00+00' + i * interval '1 second'
      FROM generate_series(1, ${ROWS}) AS i;
    CREATE SEQUENCE pause_seq;
    CREATE FUNCTION pause_once(i bigint) RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
    BEGIN
      IF i = ${PAUSE_AT} AND nextval('pause_seq') = 1 THEN PERFORM pg_sleep(120); END IF;
      RETURN true;
    END $$;
    CREATE VIEW big_v AS SELECT * FROM big WHERE pause_once(id);
    ANALYZE big;`);
  // Stream in index order (no sort that would evaluate every row before sending the first).
  await pg.sql.unsafe(`ALTER DATABASE ${pg.name} SET enable_sort = off`);
  project = scratchProject({ 'pipelines/big.sf': PIPELINE });
}, 120_000);

afterAll(async () => {
  project?.remove();
  await pg?.drop();
});

/** Waits for the paused COPY backend and terminates it; resolves the pid it killed. */
async function terminatePausedCopy(signal: AbortSignal): Promise<number> {
  while (!signal.aborted) {
    const [row] = await pg.sql<{ pid: number; query: string }[]>`
      SELECT pid, query FROM pg_stat_activity
      WHERE datname = ${pg.name} AND application_name = 'sqlflow-resume-test' AND wait_event = 'PgSleep'`;
    if (row) {
      expect(row.query).toMatch(/^copy \(select/i);
      await pg.sql`SELECT pg_terminate_backend(${row.pid})`;
      return row.pid;
    }
    await delay(25);
  }
  throw new Error('the run ended before its COPY paused');
}

describe('a connection dropped in the middle of a PostgreSQL read (sqlflow run)', () => {
  it('resumes from the last committed watermark and loads every row exactly once', async () => {
    const stop = new AbortController();
    const killer = terminatePausedCopy(stop.signal);
    killer.catch(() => undefined);
    const r = await runCli(['run', 'pipelines/big.sf', '--json', '--log-level', 'debug', '--vars', JSON.stringify({ pg_url: pg.url })], {
      cwd: project.dir,
    });
    stop.abort();
    await expect(killer).resolves.toEqual(expect.any(Number));
    expect({ code: r.code, stderr: r.stderr.slice(-2000) }).toMatchObject({ code: 0 });

    const report = parseReport(r.stdout);
    expect(report.status).toBe('succeeded');
    // The resume is logged as a warning on stderr (the report's `warnings` holds preparation warnings only).
    const warning = /^warn: (LOAD big: .*resuming from the last committed checkpoint.*)$/m.exec(r.stderr)?.[1];
    expect(warning).toMatch(/^LOAD big: reading big failed \(postgres: .*while reading `big_v`.*\); resuming from the last committed checkpoint \(attempt 2\/3\)$/);

    // The connector logs the lower bound of each read: none on the first, the last committed
    // watermark (a checkpoint at or after 50,000 rows, before the pause) on the second.
    const reads = [...r.stderr.matchAll(/postgres: reading.*$/gm)].map((m) => m[0]);
    expect(reads).toHaveLength(2);
    expect(reads[0]).not.toMatch(/lowerBound/);
    const bound = Number(/lowerBound=(\d+)/.exec(reads[1]!)?.[1]);
    expect(bound).toBeGreaterThanOrEqual(50_000);
    expect(bound).toBeLessThan(PAUSE_AT);

    // rowsRead counts both attempts: what arrived before the kill (< PAUSE_AT), then bound..ROWS
    // again. `rows` counts what both attempts committed, and watermarkBefore is where the step began.
    const load = report.step('load:big');
    expect(load).toMatchObject({ attempts: 2, rows: ROWS });
    expect(load.watermarkBefore).toBeUndefined();
    expect(load.rowsRead).toBeGreaterThan(ROWS);
    expect(load.rowsRead).toBeLessThanOrEqual(ROWS + PAUSE_AT - bound);
    expect(load.watermarkAfter).toMatchObject({ value: String(ROWS) });

    const [pgSide] = await pg.sql<{ n: string; d: string; ids: string; amounts: string; notes: string }[]>`
      SELECT count(*)::text AS n, count(DISTINCT id)::text AS d, sum(id)::text AS ids, sum(amount)::text AS amounts,
             sum(hashtext(coalesce(note, '~') || created_at::text))::text AS notes FROM big`;
    const [duckSide] = await duckRows(
      join(project.dir, 'target', 'warehouse.duckdb'),
      `SELECT count(*)::VARCHAR AS n, count(DISTINCT id)::VARCHAR AS d, sum(id)::VARCHAR AS ids, sum(amount)::VARCHAR AS amounts,
              count(note)::VARCHAR AS notes, min(created_at) = TIMESTAMPTZ '2024-01-01 00:00:01+00' AS first_ts,
              max(created_at) = TIMESTAMPTZ '2024-01-01 00:00:00+00' + INTERVAL ${ROWS} SECOND AS last_ts FROM big`,
    );
    expect(duckSide).toEqual({ n: String(ROWS), d: String(ROWS), ids: pgSide!.ids, amounts: pgSide!.amounts, notes: String(ROWS - ROWS / 10), first_ts: true, last_ts: true });
    expect(pgSide).toMatchObject({ n: String(ROWS), d: String(ROWS) });
  }, 120_000);
});
