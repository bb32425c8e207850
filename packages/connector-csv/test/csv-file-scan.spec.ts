import { createContext, openConnector, SchemaError } from '@sqlflow/core';
import { csvConnector } from '@sqlflow/connector-csv';
import { tempDir } from './csv-fixtures';

let t: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  t = await tempDir();
});
afterEach(() => t.cleanup());

const BODY = 'id,at,name\n1,2024-01-01T00:00:00Z,a\n2,2024-01-02T00:00:00Z,b\n';

async function plan(params: Record<string, unknown>, request: { incremental?: boolean; watermark?: string } = {}) {
  const session = await openConnector(csvConnector, params, createContext({ signal: undefined }));
  try {
    const [stream] = await session.discover();
    const scan = await session.planFileScan!({
      stream: stream!.name,
      syncMode: request.incremental ? 'incremental' : 'full_refresh',
      ...(request.incremental ? { cursorField: 'at' } : {}),
      ...(request.watermark ? { watermark: { type: 'timestamp' as const, value: request.watermark } } : {}),
    });
    return { scan, schema: stream!.schema };
  } finally {
    await session.close();
  }
}

describe('CSV source: native file scans', () => {
  it('describes every sorted file with explicit options and the discovered schema', async () => {
    const b = await t.file('b.csv', BODY);
    const a = await t.file('a.csv', BODY);
    const { scan, schema } = await plan({ path: `${t.dir}/*.csv`, delimiter: ',', null_values: ['', 'NA'], skip_rows: 0 });
    expect(scan).toMatchObject({
      format: 'csv',
      paths: [a, b],
      csv: { delimiter: ',', quote: '"', escape: '"', header: true, skipRows: 0, nullValues: ['', 'NA'], compression: 'none', columnNames: ['id', 'at', 'name'] },
    });
    expect(scan!.schema).toBe(schema);
    expect(scan!.cursor).toBeUndefined();
  });

  it('carries the cursor and the closed lower bound (watermark minus lookback) of an incremental read', async () => {
    const path = await t.file('o.csv', BODY);
    const { scan } = await plan({ path, lookback_window: '1h' }, { incremental: true, watermark: '2024-01-02T00:00:00.000000Z' });
    expect(scan!.cursor).toEqual({ field: 'at', lowerBound: { type: 'timestamp', value: '2024-01-01T23:00:00.000000Z' } });
    const first = await plan({ path }, { incremental: true });
    expect(first.scan!.cursor).toEqual({ field: 'at' });
  });

  it('says gzip for .gz files', async () => {
    const path = await t.file('o.csv.gz', BODY);
    expect((await plan({ path })).scan!.csv!.compression).toBe('gzip');
  });

  it.each([
    ['on_error skip', { on_error: 'skip' }],
    ['a non-UTF-8 encoding', { encoding: 'latin1' }],
    ['a comment character', { comment_char: '#' }],
    ['quoting turned off', { quote_char: '' }],
    ['a multi-character delimiter', { delimiter: '||' }],
    ['no null texts', { null_values: [] }],
    ['a json column', { columns: { name: 'json' } }],
  ])('declines with %s', async (_what, extra: Record<string, unknown>) => {
    const path = await t.file('o.csv', extra['delimiter'] ? BODY.replace(/,/g, '||') : BODY);
    expect((await plan({ path, ...extra })).scan).toBeUndefined();
  });

  it('declines a single-column file, a float cursor and mixed gzip/plain files', async () => {
    expect((await plan({ path: await t.file('one.csv', 'v\n1\n') })).scan).toBeUndefined();
    const floats = await t.file('f.csv', 'id,at\n1,1.5\n');
    expect((await plan({ path: floats }, { incremental: true })).scan).toBeUndefined();
    await t.file('a.csv', BODY);
    await t.file('b.csv.gz', BODY);
    expect((await plan({ path: `${t.dir}/{a,b}.csv*` })).scan).toBeUndefined();
  });

  it('throws the read path SchemaError when a later file has another header', async () => {
    await t.file('a.csv', BODY);
    await t.file('b.csv', 'id,when,name\n');
    await expect(plan({ path: `${t.dir}/*.csv` })).rejects.toBeInstanceOf(SchemaError);
  });
});
