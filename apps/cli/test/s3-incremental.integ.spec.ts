import { startS3Server, type S3TestServer } from '@sqlflow/testing';
import { runCli } from './run-cli';
import type { StepReport } from '@sqlflow/pipeline';
import { duckRows, lists, monthsFetched, monthsOf, parseReport, putMonths, scratchProject, SERVER_PARAMS, serverVars } from './s3-support';

// Acceptance: "incremental runs over a growing partition layout read only new partitions and the
// DuckDB table ends with every row exactly once". Months are added between runs of a pipeline
// that loads events/year=Y/month=MM/ incrementally on `_partition_date` (MODE APPEND, no key:
// the engine recognizes re-read rows by the boundary rows it keeps in state). Each run must fetch
// only the watermark's own month (the closed lower bound re-reads it; the engine skips its rows)
// and the new months, never list the pruned years, and never download the old months' objects
// (not even their Parquet footers for schema discovery).

const PIPELINE = `
SOURCE events TYPE S3 PARAMS {
  "bucket": "lake", "path_prefix": "events/", "file_format": "parquet", ${SERVER_PARAMS},
  "sync_mode": "incremental", "cursor_field": "_partition_date"
};
LOAD events FROM events MODE APPEND;
`;
const ROWS = 20;

let s3: S3TestServer;
let project: ReturnType<typeof scratchProject>;

beforeAll(async () => {
  s3 = await startS3Server();
  await s3.createBucket('lake');
  project = scratchProject({ 'pipelines/events.sf': PIPELINE });
}, 60_000);

afterAll(async () => {
  project?.remove();
  await s3?.stop();
});

async function run(): Promise<{ load: StepReport; fetched: string[]; listedPrefixes: string[] }> {
  s3.clearLog();
  const r = await runCli(['run', 'pipelines/events.sf', '--json', '--vars', serverVars(s3)], { cwd: project.dir });
  expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
  const report = parseReport(r.stdout);
  expect(report.status).toBe('succeeded');
  const log = s3.requestLog();
  return { load: report.step('load:events'), fetched: monthsFetched(log), listedPrefixes: [...new Set(lists(log).map((q) => q.query.prefix ?? ''))] };
}

async function table(): Promise<{ rows: number; distinct: number; months: number }> {
  const [r] = await duckRows(project.database, 'SELECT count(*) AS n, count(DISTINCT event_id) AS d, count(DISTINCT (year, month)) AS m FROM events');
  return { rows: Number(r!.n), distinct: Number(r!.d), months: Number(r!.m) };
}

it('run 1 reads every month of the first two years', async () => {
  await putMonths(s3, 'lake', monthsOf([2022, 2023]), ROWS);
  const { load, fetched } = await run();
  expect(fetched).toHaveLength(24);
  expect(load).toMatchObject({ rows: 24 * ROWS, rowsRead: 24 * ROWS, watermarkAfter: { type: 'date', value: '2023-12-01' } });
  expect(await table()).toEqual({ rows: 24 * ROWS, distinct: 24 * ROWS, months: 24 });
}, 60_000);

it('run 2 reads only the watermark month and the three new months, skipping the re-read rows', async () => {
  await putMonths(s3, 'lake', [[2024, 1], [2024, 2], [2024, 3]], ROWS);
  const { load, fetched, listedPrefixes } = await run();
  expect(fetched).toEqual(['2023-12', '2024-01', '2024-02', '2024-03']);
  // 2022 is pruned without being listed.
  expect(listedPrefixes.some((p) => p.startsWith('events/year=2022/'))).toBe(false);
  expect(load).toMatchObject({ rows: 3 * ROWS, rowsRead: 4 * ROWS, skippedRows: ROWS, watermarkBefore: { value: '2023-12-01' }, watermarkAfter: { value: '2024-03-01' } });
  expect(await table()).toEqual({ rows: 27 * ROWS, distinct: 27 * ROWS, months: 27 });
}, 60_000);

it('run 3 with nothing new re-reads only the watermark month and writes nothing', async () => {
  const { load, fetched } = await run();
  expect(fetched).toEqual(['2024-03']);
  expect(load).toMatchObject({ rows: 0, rowsRead: ROWS, skippedRows: ROWS, watermarkAfter: { value: '2024-03-01' } });
  expect(await table()).toEqual({ rows: 27 * ROWS, distinct: 27 * ROWS, months: 27 });
}, 60_000);

it('run 4 picks up a new month and a new year, and the table holds every row exactly once', async () => {
  await putMonths(s3, 'lake', [[2024, 4], [2025, 1]], ROWS);
  const { load, fetched, listedPrefixes } = await run();
  expect(fetched).toEqual(['2024-03', '2024-04', '2025-01']);
  expect(listedPrefixes.some((p) => p.startsWith('events/year=2022/') || p.startsWith('events/year=2023/'))).toBe(false);
  expect(load).toMatchObject({ rows: 2 * ROWS, skippedRows: ROWS, watermarkAfter: { value: '2025-01-01' } });
  expect(await table()).toEqual({ rows: 29 * ROWS, distinct: 29 * ROWS, months: 29 });
  const ids = await duckRows(project.database, 'SELECT event_id FROM events ORDER BY event_id');
  const expected = [...monthsOf([2022, 2023]), [2024, 1], [2024, 2], [2024, 3], [2024, 4], [2025, 1]].flatMap(([y, m]) =>
    Array.from({ length: ROWS }, (_, i) => BigInt((y! * 100 + m!) * 1000 + i)),
  );
  expect(ids.map((r) => r.event_id)).toEqual(expected);
}, 60_000);
