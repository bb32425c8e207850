import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeConnectorConformance } from '@sqlflow/testing';
import { jsonlConnector } from 'sqlflow-connector-jsonl';

const dir = mkdtempSync(join(tmpdir(), 'jsonl-'));
const file = join(dir, 'events.jsonl');
const rows = Array.from({ length: 25_000 }, (_, i) => ({ id: i, at: `2024-01-01T${String(Math.floor(i / 3600) % 24).padStart(2, '0')}:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z` }));
const watermark = '2024-01-01T05:00:00Z';

describeConnectorConformance(jsonlConnector, {
  setup: async () => writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n')),
  validParams: () => ({ path: file }),
  failingCheckParams: () => ({ path: join(dir, 'missing.jsonl') }),
  badParams: [{ params: { path: file, batch_size: 0 }, parameter: 'batch_size' }],
  stream: 'events',
  rowKey: ['id'],
  expectedRows: () => rows,
  incremental: {
    params: { sync_mode: 'incremental', cursor_field: 'at' },
    cursorField: 'at',
    watermark: { type: 'timestamp', value: '2024-01-01T05:00:00.000000Z' },
    expectedRows: () => rows.filter((r) => r.at >= watermark),
  },
});
