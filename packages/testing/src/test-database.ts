import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { ConfigError, TransientError } from '@sqlflow/core';

/** The server integration tests use when the caller names none. */
export const DEFAULT_TEST_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** Options of {@link createTestDatabase}. */
export interface TestDatabaseOptions {
  /**
   * A URL of any database on the server, used to create the new one; pass
   * `process.env.SQLFLOW_TEST_PG_URL` from your test. Defaults to {@link DEFAULT_TEST_PG_URL}.
   */
  readonly url?: string;
  /** Prefix of the generated name (lowercase letters, digits, `_`); default `sqlflow_test`. */
  readonly prefix?: string;
}

/** A database created for one test file; `drop()` (or `await using`) removes it. */
export interface TestDatabase extends AsyncDisposable {
  /** The URL of the new database (the given URL with its database name replaced). */
  readonly url: string;
  /** The generated database name, `sqlflow_test_<random>`. */
  readonly name: string;
  /** Drops the database, disconnecting anyone still connected; safe to call twice. */
  drop(): Promise<void>;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function withDatabase(url: URL, name: string): string {
  const next = new URL(url.href);
  next.pathname = `/${name}`;
  return next.href;
}

async function admin<T>(url: string, fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(url, { max: 1, onnotice: () => undefined, connect_timeout: 10 });
  try {
    return await fn(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * Creates a uniquely named, empty PostgreSQL database for a test and returns its URL. Drop it
 * in `afterAll`.
 *
 * @example
 * const db = await createTestDatabase({ url: process.env.SQLFLOW_TEST_PG_URL });
 * afterAll(() => db.drop());
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const raw = options.url ?? DEFAULT_TEST_PG_URL;
  let base: URL;
  try {
    base = new URL(raw);
  } catch (cause) {
    throw new ConfigError(`createTestDatabase: \`url\` is not a URL; pass one like ${DEFAULT_TEST_PG_URL}`, { parameter: 'url', cause });
  }
  if (base.protocol !== 'postgres:' && base.protocol !== 'postgresql:') {
    throw new ConfigError(`createTestDatabase: \`url\` must start with postgres://, got ${base.protocol}//`, { parameter: 'url' });
  }
  const prefix = options.prefix ?? 'sqlflow_test';
  if (!/^[a-z_][a-z0-9_]{0,40}$/.test(prefix)) {
    throw new ConfigError(`createTestDatabase: \`prefix\` must be lowercase letters, digits and _ (at most 41), got "${prefix}"`, { parameter: 'prefix' });
  }
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  try {
    await admin(base.href, (sql) => sql.unsafe(`CREATE DATABASE ${quoteIdent(name)}`));
  } catch (cause) {
    throw new TransientError(`createTestDatabase: could not create database ${name} on ${base.host}: ${(cause as Error).message}; is PostgreSQL running and may this user create databases?`, { cause });
  }
  let dropped: Promise<void> | undefined;
  const drop = (): Promise<void> => {
    dropped ??= admin(base.href, async (sql) => {
      await sql.unsafe(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    });
    return dropped;
  };
  return { url: withDatabase(base, name), name, drop, [Symbol.asyncDispose]: drop };
}

/** A test database with a connected client; `drop()` ends the client, then drops the database. */
export interface TestDatabaseWithClient extends TestDatabase {
  /** A small pool (2 connections) on the new database, for seeding and inspecting it. */
  readonly sql: postgres.Sql;
}

/**
 * {@link createTestDatabase} plus a client on the new database, for tests that seed data and
 * compare results in PostgreSQL.
 *
 * @example
 * const db = await createTestDatabaseWithClient({ url: process.env.SQLFLOW_TEST_PG_URL });
 * await db.sql`create table t (id int)`;
 * await db.drop();
 */
export async function createTestDatabaseWithClient(options: TestDatabaseOptions = {}): Promise<TestDatabaseWithClient> {
  const db = await createTestDatabase(options);
  const sql = postgres(db.url, { max: 2, onnotice: () => undefined });
  let dropped: Promise<void> | undefined;
  const drop = (): Promise<void> => {
    dropped ??= sql.end({ timeout: 1 }).then(() => db.drop());
    return dropped;
  };
  return { url: db.url, name: db.name, sql, drop, [Symbol.asyncDispose]: drop };
}
