import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '@sqlflow/engine';
import { duckRows } from './report-support';
import { runCli } from './run-cli';

// `sqlflow init`, `run` (human, --json, --dry-run, --trace, --full-refresh, --vars), `validate`,
// `compile` and `list`, each run as a subprocess of the built CLI against real files and DuckDB.

let dir: string;
let project: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sqlflow-cli-'));
  project = join(dir, 'shop');
  const init = await runCli(['init', 'shop'], { cwd: dir });
  expect(init.code).toBe(0);
  expect(init.stdout).toContain('created a SQLFlow project in shop');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sqlflow init', () => {
  it('creates a runnable project and refuses a non-empty directory', async () => {
    for (const f of ['pipelines/orders.sf', 'profiles/dev.yml', 'data/orders.csv', 'data/customers.csv', 'README.md']) {
      expect(existsSync(join(project, f))).toBe(true);
    }
    const again = await runCli(['init', 'shop'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('is not empty');
  });
});

describe('sqlflow run', () => {
  it('--dry-run plans without creating the database', async () => {
    const r = await runCli(['run', 'pipelines/orders.sf', '--dry-run'], { cwd: project });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('load:orders');
    expect(r.stdout).toContain('dry run: nothing was read or written');
    expect(existsSync(join(project, 'target', 'dev.duckdb'))).toBe(false);
  });

  it('runs the pipeline, then loads only new rows on the next run', async () => {
    const first = await runCli(['run', 'pipelines/orders.sf', '--json'], { cwd: project });
    expect(first.code).toBe(0);
    const report = JSON.parse(first.stdout) as { status: string; steps: { id: string; rows?: number; watermarkAfter?: { value: string } }[] };
    expect(report.status).toBe('succeeded');
    const load = report.steps.find((s) => s.id === 'load:orders')!;
    expect(load.rows).toBe(300);
    const database = join(project, 'target', 'dev.duckdb');
    expect(await duckRows(database, 'SELECT count(*)::INTEGER AS n FROM orders')).toEqual([{ n: 300 }]);
    expect(existsSync(join(project, 'output', 'revenue_by_country.parquet'))).toBe(true);

    appendFileSync(join(project, 'data', 'orders.csv'), '301,3,2030-01-01T00:00:00Z,completed,10.00\n302,4,2030-01-02T00:00:00Z,completed,20.00\n');
    const second = await runCli(['run', 'pipelines/orders.sf', '--json'], { cwd: project });
    expect(second.code).toBe(0);
    const again = JSON.parse(second.stdout) as typeof report;
    const load2 = again.steps.find((s) => s.id === 'load:orders')! as { rowsRead?: number; watermarkAfter?: { value: string } };
    // The closed lower bound re-reads the row at the old watermark; UPSERT by key absorbs it.
    expect(load2.rowsRead).toBe(3);
    expect(load2.watermarkAfter?.value).toBe('2030-01-02T00:00:00.000000Z');
    expect(await duckRows(database, 'SELECT count(*)::INTEGER AS n, count(DISTINCT order_id)::INTEGER AS d FROM orders')).toEqual([{ n: 302, d: 302 }]);
  });

  it('prints a human summary and exits 0', async () => {
    const r = await runCli(['run', 'pipelines/orders.sf'], { cwd: project });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/run succeeded: orders \(6 steps ok, 0 failed, 0 skipped\)/);
    expect(r.stderr).toContain('ok   load:orders');
  });

  it('--full-refresh ignores the watermark and reloads everything', async () => {
    const r = await runCli(['run', 'pipelines/orders.sf', '--json', '--full-refresh'], { cwd: project });
    expect(r.code).toBe(0);
    const load = (JSON.parse(r.stdout) as { steps: { id: string; rows?: number; mode?: string }[] }).steps.find((s) => s.id === 'load:orders')!;
    expect(load).toMatchObject({ rows: 302, mode: 'replace' });
  });

  it('--trace writes every operation with timings and EXPLAIN', async () => {
    const trace = join(dir, 'trace.json');
    const r = await runCli(['run', 'pipelines/orders.sf', '--trace', trace], { cwd: project });
    expect(r.code).toBe(0);
    const spans = (JSON.parse(readFileSync(trace, 'utf8')) as { spans: { name: string; durationMs: number; attributes: Record<string, unknown> }[] }).spans;
    const names = spans.map((s) => s.name);
    for (const n of ['parse', 'validate', 'plan', 'load:orders', 'load:customers', 'sql:revenue_by_country', 'export:output/revenue_by_country.parquet']) expect(names).toContain(n);
    const sql = spans.find((s) => s.name === 'sql:revenue_by_country')!;
    expect(String(sql.attributes.explain)).toMatch(/PROJECTION|HASH_GROUP_BY|ORDER_BY/);
    expect(spans.every((s) => typeof s.durationMs === 'number' && s.durationMs >= 0)).toBe(true);
  });

  it('--vars overrides variables and exits 1 when a step fails', async () => {
    writeFileSync(
      join(project, 'pipelines', 'vars.sf'),
      'SOURCE o TYPE CSV PARAMS { "path": "${file|data/orders.csv}" };\nLOAD vars_orders FROM o;\n',
    );
    writeFileSync(join(project, 'data', 'broken.csv'), 'a,b\n1,2\n3\n');
    const ok = await runCli(['run', 'pipelines/vars.sf', '--vars', 'file=data/customers.csv', '--json'], { cwd: project });
    expect(ok.code).toBe(0);
    expect((JSON.parse(ok.stdout) as { steps: { id: string; rows?: number }[] }).steps.find((s) => s.id === 'load:vars_orders')!.rows).toBe(20);
    const bad = await runCli(['run', 'pipelines/vars.sf', '--vars', '{"file":"data/broken.csv"}'], { cwd: project });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('run FAILED');
    expect(bad.stderr).toContain('broken.csv:3');
  });

  it('never prints a secret substituted from the environment', async () => {
    writeFileSync(join(project, 'pipelines', 'secret.sf'), 'SOURCE s TYPE CSV PARAMS { "path": "data/${env.SHOP_TOKEN}.csv" };\nLOAD s_rows FROM s;\n');
    const r = await runCli(['run', 'pipelines/secret.sf', '--json'], { cwd: project, env: { SHOP_TOKEN: 'tok_live_5ecret99' } });
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).not.toContain('tok_live_5ecret99');
    expect(r.stdout).toContain('********');
  });

  it('fails fast while another process holds the pipeline database', async () => {
    const engine = await Engine.open({ path: join(project, 'target', 'dev.duckdb') });
    try {
      const r = await runCli(['run', 'pipelines/orders.sf'], { cwd: project });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/(lock|in use|held|PID|pid)/);
    } finally {
      await engine.close();
    }
  });
});

describe('sqlflow validate, compile and list', () => {
  it('validate accepts a good pipeline and explains a bad parameter with exit 2', async () => {
    const ok = await runCli(['validate', 'pipelines/orders.sf'], { cwd: project });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('valid:');
    writeFileSync(join(project, 'pipelines', 'typo.sf'), 'SOURCE o TYPE CSV PARAMS {\n  "path": "data/orders.csv",\n  "delimter": ";"\n};\nLOAD t FROM o;\n');
    const bad = await runCli(['validate', 'pipelines/typo.sf'], { cwd: project });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('did you mean `delimiter`?');
    expect(bad.stderr).toMatch(/typo\.sf:\d+:\d+/);
  });

  it('validate reports syntax errors with file:line:column and a caret', async () => {
    writeFileSync(join(project, 'pipelines', 'syntax.sf'), 'SOURCE o TYPE CSV PARAMS { "path": "x.csv" };\nLOAD t FORM o;\n');
    const r = await runCli(['validate', 'pipelines/syntax.sf'], { cwd: project });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/syntax\.sf:2:\d+/);
    expect(r.stderr).toContain('^');
  });

  it('compile prints the plan as JSON', async () => {
    const r = await runCli(['compile', 'pipelines/orders.sf'], { cwd: project });
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout) as { steps: { id: string; dependsOn: string[] }[]; levels: string[][] };
    const sql = plan.steps.find((s) => s.id === 'sql:revenue_by_country')!;
    expect(sql.dependsOn).toEqual(expect.arrayContaining(['load:orders', 'load:customers']));
    expect(plan.levels.length).toBeGreaterThanOrEqual(3);
  });

  it('list finds the pipelines of a project', async () => {
    const r = await runCli(['list', '--json'], { cwd: project });
    expect(r.code).toBe(0);
    const names = (JSON.parse(r.stdout) as { name: string }[]).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['orders', 'vars']));
  });
});
