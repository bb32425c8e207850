import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type CsvScanOptions, DataError, type FileScan } from '@sqlflow/core';
import type { Engine, LoadMode } from '@sqlflow/engine';
import { Bool, Field, Float64, Int32, Int64, Schema, TimestampMicrosecond, Utf8 } from 'apache-arrow';
import { openEngine, plain } from './support';

const schema = new Schema([
  new Field('id', new Int64()),
  new Field('at', new TimestampMicrosecond()),
  new Field('amount', new Float64()),
  new Field('ok', new Bool()),
  new Field('note', new Utf8()),
]);
const csv: CsvScanOptions = { delimiter: ',', quote: '"', escape: '"', header: true, skipRows: 0, nullValues: [''], compression: 'auto' };
const HEADER = 'id,at,amount,ok,note\n';

describe('Engine.loadFileScan', () => {
  let engine: Engine;
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ engine, dir, cleanup } = await openEngine()));
  afterEach(() => cleanup());

  const file = (name: string, body: string, gzip = false): string => {
    const path = join(dir, name);
    writeFileSync(path, gzip ? gzipSync(HEADER + body) : HEADER + body);
    return path;
  };
  const scanOf = (paths: string[], extra: Partial<FileScan> = {}): FileScan => ({ format: 'csv', paths, schema, csv, ...extra });
  const load = (mode: LoadMode, paths: string[], options: { key?: string[]; cursor?: boolean } = {}) =>
    engine.loadFileScan({
      pipeline: 'p', source: 'files', stream: 's', table: 't', mode, ...(options.key ? { key: options.key } : {}),
      ...(options.cursor ? { cursorField: 'at' } : {}),
      scan: async (resume) => scanOf(paths, options.cursor ? { cursor: { field: 'at', ...(resume.lowerBound ? { lowerBound: resume.lowerBound } : {}) } } : {}),
    });
  const rows = async (): Promise<Record<string, unknown>[]> =>
    plain(await engine.query(`SELECT id, strftime("at", '%Y-%m-%d %H:%M:%S') AS "at", amount, ok, note FROM t ORDER BY id, note`));

  it('REPLACE loads several files (one gzipped) with their declared types, nulls and quoting', async () => {
    const a = file('a.csv', '1,2024-01-01 10:00:00,1.5,true,"say ""hi"""\n2,2024-01-02T10:00:00+02:00,,false,\n');
    const b = file('b.csv.gz', '3,2024-01-03 00:00:00,-2,true,"two\nlines"\n', true);
    const result = await load('replace', [a, b]);
    expect(result).toMatchObject({ rows: 3, mode: 'replace', table: 'main.t' });
    expect(await rows()).toEqual([
      { id: 1, at: '2024-01-01 10:00:00', amount: 1.5, ok: true, note: 'say "hi"' },
      { id: 2, at: '2024-01-02 08:00:00', amount: null, ok: false, note: null },
      { id: 3, at: '2024-01-03 00:00:00', amount: -2, ok: true, note: 'two\nlines' },
    ]);
    const types = await engine.query("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 't' ORDER BY ordinal_position");
    expect(types.map((t) => t['data_type'])).toEqual(['BIGINT', 'TIMESTAMP', 'DOUBLE', 'BOOLEAN', 'VARCHAR']);
  });

  it('APPEND without key loads ties at the watermark exactly once and commits max(cursor)', async () => {
    const path = file('ties.csv', '1,2024-01-01 00:00:00,1,true,a\n2,2024-01-02 00:00:00,1,true,b\n3,2024-01-02 00:00:00,1,true,c\n');
    const first = await load('append', [path], { cursor: true });
    expect(first.watermarkAfter).toEqual({ type: 'timestamp', value: '2024-01-02T00:00:00.000000Z' });
    appendFileSync(path, '4,2024-01-02 00:00:00,1,true,d\n5,2024-01-03 00:00:00,1,true,e\n');
    const second = await load('append', [path], { cursor: true });
    expect(second).toMatchObject({ rows: 2, skippedRows: 2, watermarkBefore: first.watermarkAfter });
    expect(second.watermarkAfter).toEqual({ type: 'timestamp', value: '2024-01-03T00:00:00.000000Z' });
    expect((await rows()).map((r) => r['id'])).toEqual([1, 2, 3, 4, 5]);
    const third = await load('append', [path], { cursor: true });
    expect(third).toMatchObject({ rows: 0, watermarkAfter: second.watermarkAfter });
    expect(await rows()).toHaveLength(5);
  });

  it('UPSERT keeps the last row of a key in file order', async () => {
    const a = file('a.csv', '1,2024-01-01 00:00:00,1,true,first\n2,2024-01-01 00:00:00,1,true,x\n');
    const b = file('b.csv', '1,2024-01-02 00:00:00,2,true,second\n1,2024-01-03 00:00:00,3,false,third\n');
    await load('upsert', [a, b], { key: ['id'], cursor: true });
    expect((await rows()).map((r) => [r['id'], r['note']])).toEqual([[1, 'third'], [2, 'x']]);
    const again = await load('upsert', [a, b], { key: ['id'], cursor: true });
    expect(again).toMatchObject({ rows: 1, watermarkAfter: { type: 'timestamp', value: '2024-01-03T00:00:00.000000Z' } });
    expect((await rows()).map((r) => [r['id'], r['note']])).toEqual([[1, 'third'], [2, 'x']]);
  });

  it('APPEND with a key de-duplicates re-read rows by key', async () => {
    const path = file('k.csv', '1,2024-01-01 00:00:00,1,true,a\n2,2024-01-01 00:00:00,1,true,b\n');
    await load('append', [path], { key: ['id'], cursor: true });
    await load('append', [path], { key: ['id'], cursor: true });
    expect(await rows()).toHaveLength(2);
  });

  it('a malformed row fails with a DataError naming the file and line, and loads nothing', async () => {
    const good = file('good.csv', '1,2024-01-01 00:00:00,1,true,a\n');
    const bad = file('bad.csv', '2,2024-01-01 00:00:00,1,true,b\n3,2024-01-01 00:00:00,not a number,true,c\n');
    await load('append', [good], { cursor: true });
    const error = await load('append', [good, bad], { cursor: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).message).toContain(`${bad}:`);
    expect((error as DataError).message).toContain('not a number');
    expect((error as DataError).message).toContain('"on_error": "skip"');
    expect((error as DataError).location).toMatch(/bad\.csv:\d+$/);
    expect(await rows()).toHaveLength(1);
    const [wm] = await engine.state.listWatermarks('p');
    expect(wm?.value).toEqual({ type: 'timestamp', value: '2024-01-01T00:00:00.000000Z' });
  });

  it.each([['TIMESTAMP', new TimestampMicrosecond()], ['TIMESTAMPTZ', new TimestampMicrosecond('UTC')]])(
    'an unparseable %s is a DataError naming file, column and value (never a NULL)',
    async (_name, type) => {
      const zoned = new Schema([new Field('id', new Int64()), new Field('at', type)]);
      const path = join(dir, 'times.csv');
      writeFileSync(path, 'id,at\n1,2024-01-01T00:00:00+01:00\n2,not a time\n');
      const error = await engine
        .loadFileScan({ pipeline: 'p', source: 'f', stream: 's', table: 'z', mode: 'replace', scan: { format: 'csv', paths: [path], schema: zoned, csv } })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DataError);
      expect((error as DataError).message).toContain(`${path}: column \`at\`: "not a time"`);
    },
  );

  it('a wrong number of fields is a DataError too', async () => {
    const bad = file('short.csv', '1,2024-01-01 00:00:00\n');
    await expect(load('replace', [bad])).rejects.toThrow(/short\.csv:\d+: DuckDB could not read the CSV file/);
  });

  it('honours skip rows, other delimiters, several null texts and explicit column names', async () => {
    const path = join(dir, 'semi.csv');
    writeFileSync(path, 'exported by x\nID;AT;AMT;OK;NOTE\n7;2024-05-05 05:05:05;NA;0;-\n');
    await engine.loadFileScan({
      pipeline: 'p', source: 'files', stream: 's', table: 't', mode: 'replace',
      scan: scanOf([path], { csv: { ...csv, delimiter: ';', skipRows: 1, nullValues: ['NA', '-'], columnNames: ['ID', 'AT', 'AMT', 'OK', 'NOTE'] } }),
    });
    expect(await rows()).toEqual([{ id: 7, at: '2024-05-05 05:05:05', amount: null, ok: false, note: null }]);
  });

  it('reads parquet files with read_parquet', async () => {
    const small = new Schema([new Field('id', new Int32()), new Field('name', new Utf8())]);
    const path = join(dir, 'p.parquet');
    await engine.exportFile("SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS v(id, name)", { path, format: 'parquet' });
    const result = await engine.loadFileScan({ pipeline: 'p', source: 'files', stream: 'p', table: 'pq', mode: 'replace', scan: { format: 'parquet', paths: [path], schema: small } });
    expect(result.rows).toBe(2);
    expect(plain(await engine.query('SELECT * FROM pq ORDER BY id'))).toEqual([{ id: 1, name: 'a' }, { id: 2, name: 'b' }]);
  });
});
