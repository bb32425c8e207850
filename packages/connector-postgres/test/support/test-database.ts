import { type CallPolicy, type ConnectorContext, createContext, openConnector, type ConnectorSession, type StreamBatch } from '@sqlflow/core';
import { postgresConnector } from '@sqlflow/connector-postgres';
import type { RecordBatch } from 'apache-arrow';
import postgres from 'postgres';

/** The server the integration tests use. */
export const PG_URL = process.env.SQLFLOW_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A uniquely named scratch database, dropped by `drop()`. */
export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  readonly sql: postgres.Sql;
  drop(): Promise<void>;
}

/** Creates a scratch database with a unique name. */
export async function createTestDatabase(prefix = 'sqlflow_pg'): Promise<TestDatabase> {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 7)}`;
  const admin = postgres(PG_URL, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const sql = postgres(url.toString(), { max: 2, onnotice: () => undefined });
  return {
    name,
    url: url.toString(),
    sql,
    async drop() {
      await sql.end({ timeout: 1 });
      const a = postgres(PG_URL, { max: 1, onnotice: () => undefined });
      await a.unsafe(`drop database if exists "${name}" with (force)`);
      await a.end();
    },
  };
}

/** A policy that retries retryable errors up to `retries` times and counts attempts. */
export function countingPolicy(retries = 2): CallPolicy & { attempts: number } {
  const policy = {
    attempts: 0,
    async execute<T>(fn: (c: { signal: AbortSignal; attempt: number }) => PromiseLike<T> | T, signal?: AbortSignal): Promise<T> {
      for (let attempt = 0; ; attempt++) {
        policy.attempts++;
        try {
          return await fn({ signal: signal ?? new AbortController().signal, attempt });
        } catch (error) {
          const retryable = (error as { retryable?: unknown }).retryable === true;
          if (!retryable || attempt >= retries) throw error;
        }
      }
    },
  };
  return policy;
}

/** Opens the connector with raw parameters. */
export function open(params: Record<string, unknown>, context: ConnectorContext = createContext()): Promise<ConnectorSession> {
  return openConnector(postgresConnector, params, context);
}

/** Rows of batches as plain objects (Arrow `toJSON`). */
export function rowsOf(batches: readonly RecordBatch[]): Array<Record<string, unknown>> {
  return batches.flatMap((b) => b.toArray().map((r) => (r as { toJSON(): Record<string, unknown> }).toJSON()));
}

/** Drains a read. */
export async function collect(iterable: AsyncIterable<StreamBatch>): Promise<StreamBatch[]> {
  const out: StreamBatch[] = [];
  for await (const b of iterable) out.push(b);
  return out;
}
