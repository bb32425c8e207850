import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './run-cli';
import { parseReport, scratchPostgres, type ScratchPostgres, scratchProject } from './postgres-support';

// Keeps examples/postgres runnable: seeds a scratch database with its seed.sql, runs its pipeline
// with the built CLI (twice, with changes.sql in between, as its README says), and checks the
// models it exports back to PostgreSQL against the same figures computed in PostgreSQL.

const EXAMPLE = join(__dirname, '..', '..', '..', 'examples', 'postgres');
const REPO = join(EXAMPLE, '..', '..');

// The example's models, computed from the shop tables in PostgreSQL (days in UTC, like DuckDB).
const EXPECTED_DAILY = `
  SELECT (o.ordered_at AT TIME ZONE 'UTC')::date AS day, c.country::text AS country, count(*)::bigint AS orders, sum(o.total) AS revenue
  FROM shop.orders o JOIN shop.customers c ON c.id = o.customer_id
  WHERE o.status IN ('paid', 'shipped') GROUP BY 1, 2`;
const EXPECTED_CATEGORIES = `
  SELECT p.category, sum(l.quantity)::bigint AS units, sum(l.quantity * l.unit_price) AS revenue
  FROM shop.order_lines l JOIN shop.orders o ON o.id = l.order_id JOIN shop.products p ON p.id = l.product_id
  WHERE o.status IN ('paid', 'shipped') GROUP BY 1`;

let pg: ScratchPostgres;
let scratch: ReturnType<typeof scratchProject>;

beforeAll(async () => {
  pg = await scratchPostgres('sqlflow_example');
  await pg.sql.unsafe(readFileSync(join(EXAMPLE, 'seed.sql'), 'utf8'));
  scratch = scratchProject({});
});

afterAll(async () => {
  scratch?.remove();
  await pg?.drop();
});

async function runExample(): Promise<ReturnType<typeof parseReport>> {
  const r = await runCli(
    ['run', 'examples/postgres/pipelines/shop.sf', '--json', '--database', join(scratch.dir, 'shop.duckdb'), '--vars', JSON.stringify({ pg_url: pg.url })],
    { cwd: REPO },
  );
  expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
  const report = parseReport(r.stdout);
  expect(report.status).toBe('succeeded');
  return report;
}

async function expectExportsEqualModels(): Promise<void> {
  for (const [table, expected] of [['analytics.daily_revenue', EXPECTED_DAILY], ['analytics.category_sales', EXPECTED_CATEGORIES]] as const) {
    expect(await pg.sql.unsafe(`SELECT * FROM ${table} EXCEPT ALL ${expected}`)).toEqual([]);
    expect(await pg.sql.unsafe(`${expected} EXCEPT ALL SELECT * FROM ${table}`)).toEqual([]);
  }
}

describe('examples/postgres', () => {
  it('the first run loads the seeded shop and exports its models back to PostgreSQL', async () => {
    const report = await runExample();
    expect(report.step('load:orders')).toMatchObject({ rows: 200, rowsRead: 200, watermarkAfter: { value: '2024-03-26T08:05:00.000000Z' } });
    expect(report.step('load:customers').rows).toBe(50);
    expect(report.step('load:order_lines').rows).toBe(400);
    expect(report.step('export:analytics.category_sales').rows).toBe(3);
    await expectExportsEqualModels();
  });

  it('after changes.sql the next run reads only the changed orders and the exports follow', async () => {
    await pg.sql.unsafe(readFileSync(join(EXAMPLE, 'changes.sql'), 'utf8'));
    const report = await runExample();
    // 3 new + 3 updated orders, plus the one at the previous watermark (closed lower bound).
    expect(report.step('load:orders')).toMatchObject({ rowsRead: 7, watermarkAfter: { value: '2024-04-02T12:30:00.000000Z' } });
    await expectExportsEqualModels();
    const [refunded] = await pg.sql`SELECT count(*)::int AS n FROM shop.orders WHERE status = 'refunded'`;
    expect(refunded).toEqual({ n: 1 });
  });
});
