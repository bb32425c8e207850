import { join } from 'node:path';
import { runCli } from './run-cli';
import type { StepReport } from '@sqlflow/pipeline';
import { duckRows, parseReport, type ParsedReport, scratchPostgres, type ScratchPostgres, scratchProject } from './postgres-support';

// Acceptance: "Incremental: three runs with inserts and updates in between load exactly the
// changed rows (UPSERT by primary key) and nothing else." `sqlflow run` reads `orders` by its
// `updated_at` cursor; between runs rows are inserted and updated. Each run must read only the
// changed rows plus the one row that ties with the watermark (the closed lower bound re-reads
// it, and the engine skips it because it is already loaded), write exactly the changed rows,
// and leave DuckDB's table equal to PostgreSQL's.

const PIPELINE = `
SOURCE orders TYPE POSTGRES PARAMS {
  "connection": "\${pg_url}", "table": "orders",
  "sync_mode": "incremental", "cursor_field": "updated_at", "primary_key": ["id"]
};
LOAD orders FROM orders MODE UPSERT KEY (id);
`;

let pg: ScratchPostgres;
let project: ReturnType<typeof scratchProject>;

beforeAll(async () => {
  pg = await scratchPostgres('sqlflow_incr');
  await pg.sql.unsafe(`
    CREATE TABLE orders (
      id integer PRIMARY KEY, customer text NOT NULL, total numeric(10,2) NOT NULL, status text NOT NULL,
      updated_at timestamptz NOT NULL
    );
    INSERT INTO orders SELECT i, 'customer ' || (i % 7), i * 1.25, 'new', timestamptz '2024-01-01 00:00:00+00' + i * interval '1 minute'
      FROM generate_series(1, 100) AS i;`);
  project = scratchProject({ 'pipelines/orders.sf': PIPELINE });
});

afterAll(async () => {
  project?.remove();
  await pg?.drop();
});

async function run(): Promise<StepReport & { report: ParsedReport }> {
  const r = await runCli(['run', 'pipelines/orders.sf', '--json', '--vars', JSON.stringify({ pg_url: pg.url })], { cwd: project.dir });
  expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
  const report = parseReport(r.stdout);
  expect(report.status).toBe('succeeded');
  return { ...report.step('load:orders'), report };
}

/** Every row of both sides as comparable text, ordered by id. */
async function bothSides(): Promise<{ postgres: string[]; duckdb: string[] }> {
  const pgRows = await pg.sql<{ r: string }[]>`
    SELECT concat_ws('|', id, customer, total::text, status, to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')) AS r
    FROM orders ORDER BY id`;
  const duck = await duckRows(
    join(project.dir, 'target', 'warehouse.duckdb'),
    `SELECT concat_ws('|', id, customer, total::VARCHAR, status, strftime(updated_at AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M:%S.%f')) AS r
     FROM orders ORDER BY id`,
  );
  return { postgres: pgRows.map((x) => x.r), duckdb: duck.map((x) => String(x.r)) };
}

describe('incremental PostgreSQL loads with UPSERT by primary key (sqlflow run)', () => {
  it('run 1 loads every row', async () => {
    const load = await run();
    expect(load).toMatchObject({ rowsRead: 100, rows: 100, skippedRows: 0 });
    expect(load.watermarkAfter).toMatchObject({ type: 'timestamp', value: '2024-01-01T01:40:00.000000Z' });
    const sides = await bothSides();
    expect(sides.duckdb).toHaveLength(100);
    expect(sides.duckdb).toEqual(sides.postgres);
  });

  it('run 2 loads the 10 updated and 5 inserted rows and nothing else', async () => {
    await pg.sql.unsafe(`
      UPDATE orders SET status = 'paid', total = total + 1, updated_at = timestamptz '2024-01-02 00:00:00+00' + id * interval '1 second'
        WHERE id IN (3, 14, 25, 36, 47, 58, 69, 80, 91, 99);
      INSERT INTO orders SELECT i, 'late customer', 9.99, 'new', timestamptz '2024-01-02 01:00:00+00' + i * interval '1 second'
        FROM generate_series(101, 105) AS i;`);
    const load = await run();
    // 15 changed rows, plus the row at the previous watermark (id 100), re-read and replaced by itself.
    expect(load).toMatchObject({ rowsRead: 15 + 1, rows: 15 + 1 });
    expect(load.watermarkBefore).toMatchObject({ value: '2024-01-01T01:40:00.000000Z' });
    expect(load.watermarkAfter).toMatchObject({ value: '2024-01-02T01:01:45.000000Z' });
    const sides = await bothSides();
    expect(sides.duckdb).toHaveLength(105);
    expect(sides.duckdb).toEqual(sides.postgres);
  });

  it('run 3 loads 3 updates (one of them a row inserted in run 2) and 2 inserts and nothing else', async () => {
    await pg.sql.unsafe(`
      UPDATE orders SET status = 'shipped', updated_at = timestamptz '2024-01-03 00:00:00+00' + id * interval '1 second'
        WHERE id IN (1, 14, 103);
      INSERT INTO orders VALUES (106, 'new customer', 1000.00, 'new', '2024-01-03 12:00:00+00'),
                                (107, 'new customer', -5.50, 'refund', '2024-01-03 12:00:00.000001+00');`);
    const load = await run();
    // 5 changed rows, plus id 105 (the row at the previous watermark).
    expect(load).toMatchObject({ rowsRead: 5 + 1, rows: 5 + 1 });
    expect(load.watermarkAfter).toMatchObject({ value: '2024-01-03T12:00:00.000001Z' });
    const sides = await bothSides();
    expect(sides.duckdb).toHaveLength(107);
    expect(sides.duckdb).toEqual(sides.postgres);
    const [shipped] = await duckRows(join(project.dir, 'target', 'warehouse.duckdb'), "SELECT list(id ORDER BY id) AS ids FROM orders WHERE status = 'shipped'");
    expect(shipped).toEqual({ ids: [1, 14, 103] });
  });

  it('a run with no changes reads only the row at the watermark', async () => {
    const load = await run();
    expect(load).toMatchObject({ rowsRead: 1, rows: 1 });
    expect(load.watermarkAfter).toMatchObject({ value: '2024-01-03T12:00:00.000001Z' });
    const sides = await bothSides();
    expect(sides.duckdb).toEqual(sides.postgres);
  });
});
