import type { DuckDBConnection, DuckDBValue, JS } from '@duckdb/node-api';

/** A row read with JS values (bigint for 64-bit integers, Date for timestamps). */
export type JsRow = Record<string, JS>;

/** Runs one statement; returns the number of rows it changed. */
export async function execute(connection: DuckDBConnection, sql: string, params: DuckDBValue[] = []): Promise<number> {
  const result = await connection.run(sql, params);
  return result.rowsChanged;
}

/** Runs a query and returns every row as a JS object. */
export async function selectRows(connection: DuckDBConnection, sql: string, params: DuckDBValue[] = []): Promise<JsRow[]> {
  const reader = await connection.runAndReadAll(sql, params);
  return reader.getRowObjectsJS();
}

/** Serialises async work on one connection (a DuckDB connection holds one transaction at a time). */
export class ConnectionMutex {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `task` after every task queued before it. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.tail.then(task, task);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

/** Runs `work` inside BEGIN/COMMIT on `connection`, rolling back when it throws. */
export async function inTransaction<T>(connection: DuckDBConnection, work: () => Promise<T>): Promise<T> {
  await connection.run('BEGIN TRANSACTION');
  try {
    const result = await work();
    await connection.run('COMMIT');
    return result;
  } catch (error) {
    await connection.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
