import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Engine } from '@sqlflow/engine';
import type { S3LoggedRequest, S3TestServer } from '@sqlflow/testing';

// Shared by the S3 acceptance tests (s3-*.integ.spec.ts): a scratch project, Hive-partitioned
// Parquet months written by DuckDB and uploaded to the local S3 server, request-log views, and
// the parts of `sqlflow run --json` the tests read.

/** A temporary project directory with the given files (paths relative to it). */
export function scratchProject(files: Readonly<Record<string, string>>): { dir: string; database: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'sqlflow-s3-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return { dir, database: join(dir, 'target', 'warehouse.duckdb'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The `--vars` that point a pipeline's `${s3_endpoint}` and credentials at the test server. */
export function serverVars(s3: S3TestServer): string {
  return JSON.stringify({ s3_endpoint: s3.endpoint, s3_key: s3.accessKeyId, s3_secret: s3.secretAccessKey });
}

/** S3 PARAMS naming the test server through variables (see {@link serverVars}). */
export const SERVER_PARAMS = `"endpoint_url": "\${s3_endpoint}", "region": "us-east-1", "access_key_id": "\${s3_key}", "secret_access_key": "\${s3_secret}"`;

/** A client for seeding the test server (not the connector's). */
export function seedClient(s3: S3TestServer): S3Client {
  return new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
}

/** Event id of row `i` of a month: unique across months. */
export function eventId(year: number, month: number, i: number): number {
  return (year * 100 + month) * 1000 + i;
}

/**
 * Uploads one month of events (`rows` rows: event_id, amount, kind) as Parquet, written by
 * DuckDB, to `<prefix>year=Y/month=MM/part-0.parquet`.
 */
export async function putMonths(s3: S3TestServer, bucket: string, months: ReadonlyArray<readonly [number, number]>, rows = 20, prefix = 'events/'): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sqlflow-s3-seed-'));
  const engine = await Engine.open({ path: ':memory:' });
  const client = seedClient(s3);
  try {
    for (const [year, month] of months) {
      const file = join(dir, `${year}-${month}.parquet`);
      await engine.run(
        `COPY (SELECT ${eventId(year, month, 0)} + i AS event_id, round(i * 1.25 + ${month}, 2) AS amount, ['view', 'cart', 'buy'][1 + i % 3] AS kind
               FROM range(${rows}) t(i)) TO '${file}' (FORMAT parquet)`,
      );
      const key = `${prefix}year=${year}/month=${String(month).padStart(2, '0')}/part-0.parquet`;
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: readFileSync(file) }));
    }
  } finally {
    client.destroy();
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every (year, month) of the given years. */
export function monthsOf(years: readonly number[]): Array<readonly [number, number]> {
  return years.flatMap((y) => Array.from({ length: 12 }, (_, m) => [y, m + 1] as const));
}

/** Object GETs (not LISTs) in a request log. */
export function objectGets(log: readonly S3LoggedRequest[]): S3LoggedRequest[] {
  return log.filter((r) => r.method === 'GET' && !('list-type' in r.query));
}

/** LIST requests in a request log. */
export function lists(log: readonly S3LoggedRequest[]): S3LoggedRequest[] {
  return log.filter((r) => r.method === 'GET' && 'list-type' in r.query);
}

/** The `YYYY-MM` partitions an object GET log touched, sorted. */
export function monthsFetched(log: readonly S3LoggedRequest[]): string[] {
  const months = new Set(objectGets(log).map((r) => /year=(\d+)\/month=(\d+)\//.exec(r.path)?.slice(1).join('-') ?? r.path));
  return [...months].sort();
}

export { duckRows, parseReport } from './report-support';
export type { ParsedReport } from './report-support';
