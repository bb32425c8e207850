// The SQLFlow connector conformance suite, run against real files in a temp directory.
import { mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { csvConnector } from '@sqlflow/connector-csv';
import { describeConnectorConformance } from '@sqlflow/testing';

const dir = mkdtempSync(join(tmpdir(), 'sqlflow-csv-conformance-'));
const file = join(dir, 'orders.csv');
const rows = Array.from({ length: 40 }, (_, i) => ({
  id: i + 1,
  customer: `customer "${i % 7}", inc.`,
  total: Math.round((i + 1) * 12.5) / 10,
  paid: i % 3 === 0,
  // Deliberately not sorted by the cursor.
  updated_at: `2024-01-${String(1 + ((i * 7) % 28)).padStart(2, '0')}T08:00:00.000000Z`,
}));
const csvText = (list: typeof rows): string =>
  ['id,customer,total,paid,updated_at', ...list.map((r) => `${r.id},"${r.customer.replace(/"/g, '""')}",${r.total},${r.paid},${r.updated_at}`)].join('\n') + '\n';

describeConnectorConformance(csvConnector, {
  setup: async () => {
    writeFileSync(file, csvText(rows));
    writeFileSync(join(dir, 'part-1.csv.gz'), gzipSync(csvText(rows.slice(0, 20))));
    writeFileSync(join(dir, 'part-2.csv.gz'), gzipSync(csvText(rows.slice(20))));
  },
  teardown: async () => rmSync(dir, { recursive: true, force: true }),
  validParams: () => ({ path: file, primary_key: 'id' }),
  failingCheckParams: () => ({ path: join(dir, 'missing', '*.csv') }),
  badParams: [
    { params: {}, parameter: 'path' },
    { params: { path: file, delimter: ';' }, parameter: 'delimter' },
    { params: { path: file, encoding: 'no-such-encoding' }, parameter: 'encoding' },
    { params: { path: file, batch_size: 0 }, parameter: 'batch_size' },
    { params: { path: file, on_error: 'ignore' }, parameter: 'on_error' },
    { params: { path: file, columns: { id: 'uuid' } }, parameter: 'columns' },
    { params: { path: file, sync_mode: 'incremental' }, parameter: 'cursor_field' },
  ],
  stream: 'orders',
  rowKey: ['id'],
  expectedRows: () => rows,
  incremental: {
    params: { sync_mode: 'incremental', cursor_field: 'updated_at', batch_size: 7 },
    cursorField: 'updated_at',
    watermark: { type: 'timestamp', value: '2024-01-15T08:00:00.000000Z' },
    expectedRows: () => rows.filter((r) => r.updated_at >= '2024-01-15T08:00:00.000000Z'),
  },
  largeStream: { params: { path: join(dir, 'part-*.csv.gz'), batch_size: 5 }, stream: 'csv' },
  // Open file descriptors of this process that point into the test directory.
  openResources: async () => readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`).startsWith(dir);
    } catch {
      return false;
    }
  }).length,
});
