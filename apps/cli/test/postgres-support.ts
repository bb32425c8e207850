import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createTestDatabaseWithClient, type TestDatabaseWithClient } from '@sqlflow/testing';

// Shared by the PostgreSQL acceptance tests (postgres-*.integ.spec.ts): a scratch database on the
// local server, a scratch project directory, and DuckDB reads after a CLI run.

/** The server the integration tests use. */
export const PG_URL = process.env.SQLFLOW_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A database created for one test file, with a client to seed and inspect it. */
export type ScratchPostgres = TestDatabaseWithClient;

/** Creates a uniquely named database (dropped by `drop()`). */
export async function scratchPostgres(prefix = 'sqlflow_cli'): Promise<ScratchPostgres> {
  return createTestDatabaseWithClient({ url: PG_URL, prefix });
}

/** A temporary project directory with the given files (paths relative to it). */
export function scratchProject(files: Readonly<Record<string, string>>): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'sqlflow-pg-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export { duckRows, parseReport } from './report-support';
export type { ParsedReport } from './report-support';
