import { startS3Server, type S3TestServer } from '@sqlflow/testing';
import { runCli } from './run-cli';
import { duckRows, lists, monthsFetched, monthsOf, objectGets, parseReport, putMonths, scratchProject, SERVER_PARAMS } from './s3-support';

// Acceptance: "cost limit exceeded -> the run fails cleanly before any GetObject, and the stored
// watermark is untouched from the previous successful run". An incremental pipeline over
// events/year=Y/month=MM/ takes its limits from --vars: run 1 succeeds; months are added; run 2
// with a cost limit below the estimate must fail with LIMIT_EXCEEDED having made no GetObject,
// leaving `sqlflow state show --json` and the table as run 1 left them. Limits apply to what a
// run will fetch, not to the whole bucket: run 3's max_files_per_run covers the new months but
// not every object, and it succeeds.

const PIPELINE = `
SOURCE events TYPE S3 PARAMS {
  "bucket": "lake", "path_prefix": "events/", "file_format": "parquet", ${SERVER_PARAMS},
  "sync_mode": "incremental", "cursor_field": "_partition_date",
  "cost_limit_usd": \${cost_limit}, "max_files_per_run": \${max_files}
};
LOAD events FROM events MODE APPEND;
`;
const ROWS = 10;

let s3: S3TestServer;
let project: ReturnType<typeof scratchProject>;

beforeAll(async () => {
  s3 = await startS3Server();
  await s3.createBucket('lake');
  await putMonths(s3, 'lake', monthsOf([2022]), ROWS);
  project = scratchProject({ 'pipelines/events.sf': PIPELINE });
}, 60_000);

afterAll(async () => {
  project?.remove();
  await s3?.stop();
});

function vars(limits: { cost_limit: number; max_files: number }): string {
  return JSON.stringify({ s3_endpoint: s3.endpoint, s3_key: s3.accessKeyId, s3_secret: s3.secretAccessKey, ...limits });
}

async function run(limits: { cost_limit: number; max_files: number }) {
  s3.clearLog();
  const r = await runCli(['run', 'pipelines/events.sf', '--json', '--vars', vars(limits)], { cwd: project.dir });
  return { ...r, report: parseReport(r.stdout), log: s3.requestLog() };
}

async function watermarks(): Promise<unknown> {
  const r = await runCli(['state', 'show', 'pipelines/events.sf', '--json'], { cwd: project.dir });
  expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
  return (JSON.parse(r.stdout) as { watermarks: unknown[] }).watermarks;
}

async function rowCount(): Promise<number> {
  const [r] = await duckRows(project.database, 'SELECT count(*) AS n FROM events');
  return Number(r!.n);
}

let afterRun1: unknown;

it('run 1 within the limits loads the first year', async () => {
  const r = await run({ cost_limit: 1, max_files: 100 });
  expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
  expect(r.report.step('load:events')).toMatchObject({ status: 'succeeded', rows: 12 * ROWS, watermarkAfter: { value: '2022-12-01' } });
  afterRun1 = await watermarks();
  expect(afterRun1).toEqual([expect.objectContaining({ value: { type: 'date', value: '2022-12-01' } })]);
}, 60_000);

it('run 2 over the cost limit fails with LIMIT_EXCEEDED before any GetObject, leaving watermark and table untouched', async () => {
  await putMonths(s3, 'lake', monthsOf([2023]), ROWS);
  const r = await run({ cost_limit: 0.000001, max_files: 100 });
  expect(r.code).toBe(1);
  expect(r.report.status).toBe('failed');
  const load = r.report.step('load:events');
  expect(load.status).toBe('failed');
  expect(load.error).toMatchObject({ code: 'LIMIT_EXCEEDED' });
  expect(load.error!.message).toContain('cost_limit_usd');
  // Listing happened (it is how the estimate is made); no object was fetched.
  expect(lists(r.log).length).toBeGreaterThan(0);
  expect(objectGets(r.log)).toEqual([]);
  expect(await watermarks()).toEqual(afterRun1);
  expect(await rowCount()).toBe(12 * ROWS);
}, 60_000);

it('run 3 whose max_files_per_run covers the new months but not the whole bucket succeeds', async () => {
  // 24 objects in the bucket; the read fetches December 2022 again (the watermark's partition) and 2023's 12.
  const r = await run({ cost_limit: 1, max_files: 13 });
  expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
  expect(monthsFetched(r.log)).toEqual(['2022-12', ...monthsOf([2023]).map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`)]);
  expect(r.report.step('load:events')).toMatchObject({ rows: 12 * ROWS, skippedRows: ROWS, watermarkBefore: { value: '2022-12-01' }, watermarkAfter: { value: '2023-12-01' } });
  expect(await rowCount()).toBe(24 * ROWS);
  const [d] = await duckRows(project.database, 'SELECT count(DISTINCT event_id) AS d FROM events');
  expect(Number(d!.d)).toBe(24 * ROWS);
}, 60_000);
