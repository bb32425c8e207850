import { startS3Server, type S3TestServer } from '@sqlflow/testing';
import { runCli } from './run-cli';
import { duckRows, parseReport, scratchProject, SERVER_PARAMS, serverVars } from './s3-support';

// Acceptance: "EXPORT SELECT ... TO "s3://bucket/out/x.parquet" TYPE PARQUET OPTIONS {...} then
// read back through the connector equals the exported rows". One pipeline builds a table of
// mixed types and exports it to S3 as one Parquet object and, with partition_by, as one object
// per region; a second pipeline loads both back through the S3 connector into the same DuckDB
// database, where every column of every row must equal the original.

const EXPORT = `
CREATE OR REPLACE TABLE orders AS
SELECT i::BIGINT AS id,
       ['eu', 'us', 'apac'][1 + i % 3] AS region,
       CASE WHEN i % 7 = 0 THEN NULL ELSE 'note ' || i END AS note,
       (i * 1.25)::DOUBLE AS amount,
       (i * 0.01)::DECIMAL(12, 2) AS fee,
       i % 2 = 0 AS paid,
       DATE '2024-01-01' + i::INTEGER AS day,
       TIMESTAMPTZ '2024-01-01 00:00:00+00' + i * INTERVAL 90 MINUTE + i * INTERVAL 7 MICROSECOND AS created_at
FROM range(1000) t(i);

EXPORT SELECT * FROM orders TO "s3://lake/out/x.parquet" TYPE PARQUET OPTIONS { ${SERVER_PARAMS} };
EXPORT SELECT * FROM orders TO "s3://lake/by_region/x.parquet" TYPE PARQUET OPTIONS { ${SERVER_PARAMS}, "partition_by": ["region"] };
`;

const READ_BACK = `
SOURCE single TYPE S3 PARAMS { "bucket": "lake", "path_prefix": "out/", "file_format": "parquet", ${SERVER_PARAMS} };
SOURCE parts TYPE S3 PARAMS { "bucket": "lake", "path_prefix": "by_region/", "file_format": "parquet", ${SERVER_PARAMS} };
LOAD single_back FROM single MODE REPLACE;
LOAD parts_back FROM parts MODE REPLACE;
`;

const COLUMNS = 'id, region, note, amount, fee, paid, day, created_at';

let s3: S3TestServer;
let project: ReturnType<typeof scratchProject>;

beforeAll(async () => {
  s3 = await startS3Server();
  await s3.createBucket('lake');
  project = scratchProject({ 'pipelines/export.sf': EXPORT, 'pipelines/read_back.sf': READ_BACK });
}, 60_000);

afterAll(async () => {
  project?.remove();
  await s3?.stop();
});

it('exports to s3:// as Parquet (one object, and one per partition) and reports the PUTs', async () => {
  s3.clearLog();
  const r = await runCli(['run', 'pipelines/export.sf', '--json', '--vars', serverVars(s3)], { cwd: project.dir });
  expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
  const report = parseReport(r.stdout);
  const exports = report.steps.filter((s) => s.kind === 'export');
  expect(exports.map((s) => [s.status, s.rows])).toEqual([
    ['succeeded', 1000],
    ['succeeded', 1000],
  ]);
  const puts = s3.requestLog().filter((q) => q.method === 'PUT').map((q) => q.path).sort();
  expect(puts).toEqual(['/lake/by_region/region=apac/x.parquet', '/lake/by_region/region=eu/x.parquet', '/lake/by_region/region=us/x.parquet', '/lake/out/x.parquet']);
  expect(exports.map((s) => s.usage?.putRequests)).toEqual([1, 3]);
}, 60_000);

it('reads both exports back through the S3 connector equal to the exported rows', async () => {
  const r = await runCli(['run', 'pipelines/read_back.sf', '--json', '--vars', serverVars(s3)], { cwd: project.dir });
  expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
  const report = parseReport(r.stdout);
  expect(report.step('load:single_back')).toMatchObject({ rows: 1000 });
  expect(report.step('load:parts_back')).toMatchObject({ rows: 1000 });

  // Same types ...
  const types = await duckRows(project.database, `SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_name IN ('orders', 'single_back') AND column_name <> '_s3_last_modified' ORDER BY table_name, ordinal_position`);
  const byTable = (t: string) => types.filter((c) => c.table_name === t).map((c) => `${String(c.column_name)} ${String(c.data_type)}`);
  expect(byTable('single_back')).toEqual(byTable('orders'));
  // ... and the same rows, both ways (EXCEPT ALL keeps duplicates).
  for (const back of ['single_back', 'parts_back']) {
    const diff = await duckRows(
      project.database,
      `SELECT count(*) AS n FROM ((SELECT ${COLUMNS} FROM orders EXCEPT ALL SELECT ${COLUMNS} FROM ${back}) UNION ALL (SELECT ${COLUMNS} FROM ${back} EXCEPT ALL SELECT ${COLUMNS} FROM orders))`,
    );
    expect({ back, differing: Number(diff[0]!.n) }).toEqual({ back, differing: 0 });
  }
  // The partition column comes back from the keys (region=eu/...), not from the files.
  const regions = await duckRows(project.database, 'SELECT region, count(*) AS n FROM parts_back GROUP BY region ORDER BY region');
  expect(regions.map((x) => [x.region, Number(x.n)])).toEqual([
    ['apac', 333],
    ['eu', 334],
    ['us', 333],
  ]);
}, 60_000);
