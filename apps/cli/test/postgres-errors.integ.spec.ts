import { runCli } from './run-cli';
import { parseReport, scratchPostgres, type ScratchPostgres, scratchProject } from './postgres-support';

// Acceptance: "Authentication and missing-database errors are not retried and say what to fix",
// and `sqlflow connectors check postgres` shows the server's health for a good configuration.

let pg: ScratchPostgres;
let project: ReturnType<typeof scratchProject>;
let role: string;

const pipeline = (params: Record<string, unknown>): string =>
  `SOURCE orders TYPE POSTGRES PARAMS ${JSON.stringify({ table: 'orders', ...params })};\nLOAD orders FROM orders;\n`;

beforeAll(async () => {
  pg = await scratchPostgres('sqlflow_err');
  role = `${pg.name}_nologin`;
  await pg.sql.unsafe(`CREATE TABLE orders (id int PRIMARY KEY); CREATE TABLE customers (id int PRIMARY KEY); CREATE ROLE ${role} NOLOGIN`);
  const url = new URL(pg.url);
  const base = { host: url.hostname, port: Number(url.port || 5432), username: decodeURIComponent(url.username) || 'postgres' };
  project = scratchProject({
    'pipelines/missing_db.sf': pipeline({ ...base, database: `${pg.name}_missing` }),
    'pipelines/refused_role.sf': pipeline({ ...base, database: pg.name, username: role }),
  });
});

afterAll(async () => {
  project?.remove();
  await pg?.sql.unsafe(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
  await pg?.drop();
});

/** What a failed `sqlflow run` must not print: any sign of a retry. */
const RETRY = /retry|retrying|resuming|attempt \d/i;

describe('sqlflow run: connection errors that retrying cannot fix', () => {
  it('a missing database fails at once, naming the database and the `database` parameter', async () => {
    const r = await runCli(['run', 'pipelines/missing_db.sf', '--log-level', 'debug'], { cwd: project.dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`database "${pg.name}_missing" does not exist on`);
    expect(r.stderr).toContain('check `database`');
    expect(r.stderr).not.toMatch(RETRY);

    const json = await runCli(['run', 'pipelines/missing_db.sf', '--json'], { cwd: project.dir });
    expect(json.code).toBe(1);
    const report = parseReport(json.stdout);
    expect(report.status).toBe('failed');
    expect(report.step('load:orders').error).toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('check `database`') });
  });

  it('a refused login fails at once with an authentication error that names the user', async () => {
    const r = await runCli(['run', 'pipelines/refused_role.sf', '--json', '--log-level', 'debug'], { cwd: project.dir });
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(RETRY);
    const error = parseReport(r.stdout).step('load:orders').error;
    expect(error?.code).toBe('AUTH_FAILED');
    expect(error?.message).toContain(`the server refused user "${role}"`);
    expect(error?.message).toContain('check `username`, `password`');
  });
});

describe('sqlflow connectors check postgres', () => {
  it('reports health: server version, database size, table count and latency', async () => {
    const r = await runCli(['connectors', 'check', 'postgres', '-p', `connection=${pg.url}`], { cwd: project.dir });
    expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
    expect(r.stdout).toMatch(/^ok: postgres connection works/m);
    expect(r.stdout).toMatch(/status: ok, latency [\d.]+ ms/);
    expect(r.stdout).toMatch(/server_version: PostgreSQL \d+/);
    expect(r.stdout).toMatch(/database_size_bytes: \d+/);
    expect(r.stdout).toContain('table_count: 2');

    const json = await runCli(['connectors', 'check', 'postgres', '-p', `connection=${pg.url}`, '--json'], { cwd: project.dir });
    expect(json.code).toBe(0);
    const result = JSON.parse(json.stdout) as { ok: boolean; health: { status: string; latencyMs: number; metrics: Record<string, unknown> } };
    expect(result).toMatchObject({ ok: true, health: { status: 'ok', latencyMs: expect.any(Number) } });
    expect(result.health.metrics).toMatchObject({
      server_version: expect.stringMatching(/^PostgreSQL \d+/),
      server_version_num: expect.any(Number),
      database: pg.name,
      database_size_bytes: expect.any(Number),
      table_count: 2,
    });
  });

  it('fails with exit code 2 (invalid input) and says what to fix for a missing database', async () => {
    const url = new URL(pg.url);
    url.pathname = `/${pg.name}_missing`;
    const r = await runCli(['connectors', 'check', 'postgres', '-p', `connection=${url.href}`], { cwd: project.dir });
    expect(r.code).toBe(2);
    expect(`${r.stdout}${r.stderr}`).toContain('check `database`');
  });
});
