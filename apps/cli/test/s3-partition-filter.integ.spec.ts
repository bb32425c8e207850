import { startS3Server, type S3TestServer } from '@sqlflow/testing';
import { runCli } from './run-cli';
import { duckRows, eventId, lists, monthsFetched, monthsOf, objectGets, parseReport, putMonths, scratchProject, SERVER_PARAMS, serverVars } from './s3-support';

// Acceptance: "a partition_filter for one month of a 3-year x 12-month Hive layout reads only
// that month's objects". `sqlflow run` loads events/year=Y/month=MM/ with
// partition_filter {year: 2024, month: 3}; the server's request log and the run report's usage
// must both show that only March 2024 was listed into and fetched.

const PIPELINE = `
SOURCE events TYPE S3 PARAMS {
  "bucket": "lake", "path_prefix": "events/", "file_format": "parquet", ${SERVER_PARAMS},
  "partition_filter": { "year": 2024, "month": 3 }
};
LOAD march FROM events;
`;

let s3: S3TestServer;
let project: ReturnType<typeof scratchProject>;

beforeAll(async () => {
  s3 = await startS3Server();
  await s3.createBucket('lake');
  await putMonths(s3, 'lake', monthsOf([2022, 2023, 2024]));
  project = scratchProject({ 'pipelines/march.sf': PIPELINE });
}, 60_000);

afterAll(async () => {
  project?.remove();
  await s3?.stop();
});

let report: ReturnType<typeof parseReport>;
let log: ReturnType<S3TestServer['requestLog']>;

beforeAll(async () => {
  s3.clearLog();
  const r = await runCli(['run', 'pipelines/march.sf', '--json', '--vars', serverVars(s3)], { cwd: project.dir });
  expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
  report = parseReport(r.stdout);
  log = s3.requestLog();
}, 60_000);

it('loads March 2024 only, with its partition columns', async () => {
  expect(report.step('load:march')).toMatchObject({ status: 'succeeded', rows: 20 });
  const rows = await duckRows(project.database, 'SELECT min(event_id) AS lo, max(event_id) AS hi, count(*) AS n, min(year) AS y, max(month) AS m FROM march');
  expect(rows[0]).toEqual({ lo: BigInt(eventId(2024, 3, 0)), hi: BigInt(eventId(2024, 3, 19)), n: 20n, y: 2024n, m: 3n });
});

it('fetches only that month\'s objects and never lists another year or month (request log)', () => {
  expect(objectGets(log).length).toBeGreaterThan(0);
  expect(monthsFetched(log)).toEqual(['2024-03']);
  const listed = [...new Set(lists(log).map((q) => q.query.prefix ?? ''))].sort();
  expect(listed).toEqual(['events/', 'events/year=2024/', 'events/year=2024/month=03/']);
});

it('reports S3 usage on the load step', () => {
  const usage = report.step('load:march').usage;
  expect(usage).toMatchObject({ putRequests: 0, bytesUploaded: 0 });
  expect(usage!.listRequests).toBeGreaterThan(0);
  // Never more than the server saw (each request counted once).
  expect(usage!.listRequests).toBeLessThanOrEqual(lists(log).length);
  expect(usage!.getRequests).toBeLessThanOrEqual(objectGets(log).length);
});

// The step's usage starts before discovery, so listing and probing are counted too.
it('the run report\'s usage accounts for every request the server saw', () => {
  const steps = report.steps.map((s) => s.usage).filter((u) => u !== undefined);
  const total = (k: 'getRequests' | 'listRequests') => steps.reduce((sum, u) => sum + u[k], 0);
  expect({ getRequests: total('getRequests'), listRequests: total('listRequests') }).toEqual({ getRequests: objectGets(log).length, listRequests: lists(log).length });
});
