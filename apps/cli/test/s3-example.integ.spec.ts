import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

// examples/s3 runs offline exactly as its README says: one month through partition_filter, an
// incremental run that fetches only the new partitions, and an EXPORT to S3 partitioned by year.
const root = join(__dirname, '..', '..', '..');

it('examples/s3/run-demo.mjs fetches one month, then only new partitions, and exports by year', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, [join(root, 'examples', 's3', 'run-demo.mjs')], { cwd: root, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const fetched = stdout.match(/months fetched: .*/g);
  expect(fetched).toEqual(['months fetched: 2024-03', 'months fetched: 24 (2023-01 .. 2024-12)', 'months fetched: 2024-12, 2025-01, 2025-02']);
  expect(stdout).toContain('load:events_raw: read 4800, wrote 4800, skipped 0, watermark (none) -> 2024-12-01');
  expect(stdout).toContain('load:events_raw: read 600, wrote 400, skipped 200, watermark 2024-12-01 -> 2025-02-01');
  expect(stdout).toContain('events_raw: 5200 rows, 5200 distinct events');
  expect(stdout).toContain('s3://lake/reports/year=2025/monthly.parquet');
}, 120_000);
