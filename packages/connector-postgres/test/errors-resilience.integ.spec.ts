import { AuthError, ConfigError, createContext, isSqlflowError, type StreamBatch, TransientError, type WatermarkValue } from '@sqlflow/core';
import postgres from 'postgres';
import { closedPort, startPasswordRefusingServer } from './support/refusing-server';
import { collect, countingPolicy, open, PG_URL, rows, scratchDatabase, type ScratchDatabase } from './support/test-database';

let db: ScratchDatabase;
const ROWS = 300_000;

beforeAll(async () => {
  db = await scratchDatabase();
  await db.sql.unsafe(`
    create table big (id int8 primary key, updated_at timestamptz not null, payload text);
    insert into big select g, timestamptz '2024-01-01' + make_interval(secs => g), repeat('x', 100) from generate_series(1, ${ROWS}) g;
  `);
});
afterAll(() => db.drop());

const host = new URL(PG_URL).hostname;
const port = Number(new URL(PG_URL).port || 5432);

describe('errors that must not be retried', () => {
  test('a missing database is a ConfigError naming `database`, tried once', async () => {
    const policy = countingPolicy(3);
    await using session = await open({ host, port, database: 'shp', username: 'postgres' }, createContext({ policy }));
    const error = await session.check().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ retryable: false, parameter: 'database', message: `postgres: database "shp" does not exist on ${host}:${port}; check \`database\`` });
    expect(policy.attempts).toBe(1);
  });

  test('an unknown role (28000) is an AuthError, tried once', async () => {
    const policy = countingPolicy(3);
    await using session = await open({ host, port, database: db.name, username: 'no_such_role' }, createContext({ policy }));
    const error = await session.check().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toContain('user "no_such_role"');
    expect((error as Error).message).toContain('check `username`');
    expect(policy.attempts).toBe(1);
  });

  test('a wrong password (28P01) is an AuthError, tried once, and the password never shows', async () => {
    const server = await startPasswordRefusingServer();
    try {
      const policy = countingPolicy(3);
      await using session = await open({ url: `postgres://etl:hunter22secret@127.0.0.1:${server.port}/shop`, sslmode: 'disable' }, createContext({ policy }));
      const error = await session.check().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthError);
      expect(error).toMatchObject({ code: 'AUTH_FAILED', retryable: false, message: `postgres: password authentication failed for user "etl" on 127.0.0.1:${server.port}; check \`username\` and \`password\`` });
      expect(JSON.stringify((error as AuthError).toJSON())).not.toContain('hunter22secret');
      expect(policy.attempts).toBe(1);
      expect(server.connections()).toBe(1);
    } finally {
      await server.close();
    }
  });
});

describe('errors that are retried', () => {
  test('connection refused is a retryable TransientError with the cause kept', async () => {
    const policy = countingPolicy(2);
    await using session = await open({ host: '127.0.0.1', port: await closedPort(), database: 'x', connect_timeout: 2 }, createContext({ policy }));
    const error = await session.check().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect(error).toMatchObject({ retryable: true });
    expect(((error as Error).cause as { code?: string }).code).toBe('ECONNREFUSED');
    expect(policy.attempts).toBe(3);
  });

  test('a connection killed mid-read throws a retryable TransientError; resuming from the last watermark covers every row', async () => {
    const appName = `sqlflow_kill_${process.pid}`;
    const params = { url: db.url, table: 'big', batch_size: 2000, application_name: appName };
    const seen = new Set<bigint>();
    let last: WatermarkValue | undefined;
    let error: unknown;
    const killer = postgres(db.url, { max: 1, onnotice: () => undefined });
    try {
      await using session = await open(params);
      let batches = 0;
      try {
        for await (const b of session.read!({ stream: 'big', syncMode: 'incremental', cursorField: 'updated_at' })) {
          for (const r of rows([b])) seen.add(r.id as bigint);
          last = b.watermark;
          if (++batches === 3) {
            const killed = await killer`select pg_terminate_backend(pid) as ok from pg_stat_activity where application_name = ${appName} and query ilike 'copy%'`;
            expect(killed.length).toBe(1);
          }
        }
      } catch (e) {
        error = e;
      }
    } finally {
      await killer.end();
    }
    expect(error).toBeInstanceOf(TransientError);
    expect(isSqlflowError(error) && error.retryable).toBe(true);
    expect(seen.size).toBeLessThan(ROWS);
    expect(last).toBeDefined();

    await using again = await open(params);
    const rest: StreamBatch[] = await collect(again.read!({ stream: 'big', syncMode: 'incremental', cursorField: 'updated_at', watermark: last! }));
    for (const r of rows(rest)) seen.add(r.id as bigint);
    expect(seen.size).toBe(ROWS);
  });
});

describe('resources', () => {
  async function connections(appName: string): Promise<number> {
    const [{ n }] = await db.sql`select count(*)::int as n from pg_stat_activity where application_name = ${appName}`;
    return n as number;
  }

  test('breaking out of a read closes its connection; close() ends the pool', async () => {
    const appName = `sqlflow_break_${process.pid}`;
    const session = await open({ url: db.url, table: 'big', batch_size: 1000, application_name: appName });
    for await (const b of session.read!({ stream: 'big', syncMode: 'full_refresh' })) {
      expect(b.batch.numRows).toBe(1000);
      break;
    }
    await session.close();
    await session.close();
    for (let i = 0; i < 50 && (await connections(appName)) > 0; i++) await new Promise((r) => setTimeout(r, 20));
    const left = await db.sql`select state, left(query, 50) as q, backend_type from pg_stat_activity where application_name = ${appName}`;
    expect(left).toEqual([]);
  });

  test('aborting the signal stops the read with an AbortedError', async () => {
    await using session = await open({ url: db.url, table: 'big', batch_size: 1000 });
    const controller = new AbortController();
    let count = 0;
    const error = await (async () => {
      for await (const _ of session.read!({ stream: 'big', syncMode: 'full_refresh', signal: controller.signal })) {
        if (++count === 2) controller.abort();
      }
    })().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ABORTED' });
    expect(count).toBeLessThan(ROWS / 1000);
  });
});

describe('health', () => {
  test('reports version, size, table count and latency', async () => {
    await using session = await open({ url: db.url });
    const report = await session.health!();
    expect(report.status).toBe('ok');
    expect(report.latencyMs).toBeGreaterThanOrEqual(0);
    expect(report.metrics).toMatchObject({ database: db.name, table_count: 1, in_recovery: false });
    expect(String(report.metrics.server_version)).toMatch(/^PostgreSQL \d+/);
    expect(report.metrics.server_version_num).toBeGreaterThanOrEqual(100000);
    expect(report.metrics.database_size_bytes).toBeGreaterThan(1_000_000);
  });
});
