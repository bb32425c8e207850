import postgres from 'postgres';
import { ConfigError } from '@sqlflow/core';
import { createTestDatabase, createTestDatabaseWithClient } from '@sqlflow/testing';

const url = process.env.SQLFLOW_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function databaseExists(name: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  try {
    const rows = await sql`SELECT 1 FROM pg_database WHERE datname = ${name}`;
    return rows.length === 1;
  } finally {
    await sql.end();
  }
}

describe('createTestDatabase', () => {
  it('creates a uniquely named database that one can use, and drops it even while connected', async () => {
    const db = await createTestDatabase({ url });
    const other = await createTestDatabase({ url });
    try {
      expect(db.name).toMatch(/^sqlflow_test_[0-9a-f]{12}$/);
      expect(other.name).not.toBe(db.name);
      expect(new URL(db.url).pathname).toBe(`/${db.name}`);
      expect(await databaseExists(db.name)).toBe(true);
      const sql = postgres(db.url, { max: 1, onnotice: () => undefined });
      await sql`CREATE TABLE t (id int)`;
      const [row] = await sql<Array<{ db: string }>>`SELECT current_database() AS db`;
      expect(row!.db).toBe(db.name);
      await db.drop(); // the open connection is terminated
      await sql.end({ timeout: 1 }).catch(() => undefined);
      expect(await databaseExists(db.name)).toBe(false);
      await expect(db.drop()).resolves.toBeUndefined();
    } finally {
      await other[Symbol.asyncDispose]();
    }
    expect(await databaseExists(other.name)).toBe(false);
  });

  it('rejects a URL that is not PostgreSQL with a ConfigError naming `url`', async () => {
    await expect(createTestDatabase({ url: 'mysql://x/y' })).rejects.toMatchObject({ parameter: 'url' });
    await expect(createTestDatabase({ url: 'nope' })).rejects.toBeInstanceOf(ConfigError);
  });
});

describe('createTestDatabaseWithClient', () => {
  it('gives a client on the new database and drops both, once', async () => {
    const db = await createTestDatabaseWithClient({ url, prefix: 'sqlflow_client' });
    expect(db.name).toMatch(/^sqlflow_client_[0-9a-f]+$/);
    await db.sql`CREATE TABLE t (id int)`;
    await db.sql`INSERT INTO t VALUES (1), (2)`;
    const [{ current }] = await db.sql<{ current: string }[]>`SELECT current_database() AS current`;
    expect(current).toBe(db.name);
    expect((await db.sql`SELECT id FROM t ORDER BY id`).map((r) => r.id)).toEqual([1, 2]);
    await db.drop();
    await db.drop();
    expect(await databaseExists(db.name)).toBe(false);
  });
});
