import { readFile, readdir, writeFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { BatchBuilder, createContext, openConnector, type DestinationSyncMode } from '@sqlflow/core';
import { csvConnector } from '@sqlflow/connector-csv';
import { Bool, DateDay, Field, Float64, Int64, type RecordBatch, Schema, TimestampMicrosecond, Utf8 } from 'apache-arrow';
import iconv from 'iconv-lite';
import { readCsv, rejection, tempDir } from './csv-fixtures';

let t: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  t = await tempDir();
});
afterEach(() => t.cleanup());

const schema = new Schema([
  new Field('id', new Int64(), true),
  new Field('name', new Utf8(), true),
  new Field('amount', new Float64(), true),
  new Field('ok', new Bool(), true),
  new Field('day', new DateDay(), true),
  new Field('at', new TimestampMicrosecond('UTC'), true),
  new Field('local', new TimestampMicrosecond(), true),
]);

function batchOf(rows: Record<string, unknown>[], s: Schema = schema): RecordBatch {
  const b = new BatchBuilder(s, { maxRows: 1_000_000 });
  for (const r of rows) b.add(r);
  return b.flush()!;
}

async function* batches(...list: RecordBatch[]): AsyncGenerator<RecordBatch> {
  for (const b of list) yield b;
}

async function write(params: Record<string, unknown>, mode: DestinationSyncMode, list: AsyncIterable<RecordBatch>, s: Schema = schema) {
  await using session = await openConnector(csvConnector, params, createContext());
  return session.write!({ stream: 'out', schema: s, batches: list, mode });
}

const ROW = { id: 1n, name: 'a, "b"', amount: 1.5, ok: true, day: new Date(Date.UTC(2024, 0, 31)), at: '2024-01-01T10:00:00.123456Z', local: '2024-01-01 10:00:00' };

describe('CSV destination', () => {
  it('overwrites with a header, quoting as needed, and keeps microseconds', async () => {
    const path = `${t.dir}/out.csv`;
    await writeFile(path, 'old\n');
    const result = await write({ path }, 'overwrite', batches(batchOf([ROW]), batchOf([{ id: 2n }])));
    expect(result).toMatchObject({ rows: 2, locations: [path] });
    expect(await readFile(path, 'utf8')).toBe(
      'id,name,amount,ok,day,at,local\n1,"a, ""b""",1.5,true,2024-01-31,2024-01-01T10:00:00.123456Z,2024-01-01 10:00:00\n2,,,,,,\n',
    );
    expect(result.bytes).toBe((await readFile(path)).length);
    expect(await readdir(t.dir)).toEqual(['out.csv']);
  });

  it('round-trips through the source', async () => {
    const path = `${t.dir}/rt.csv`;
    await write({ path }, 'overwrite', batches(batchOf([ROW])));
    const r = await readCsv({ path, columns: { local: 'timestamp' } });
    expect(r.rows).toEqual([{ id: 1n, name: 'a, "b"', amount: 1.5, ok: true, day: Date.UTC(2024, 0, 31), at: Date.UTC(2024, 0, 1, 10) + 123.456, local: Date.UTC(2024, 0, 1, 10) }]);
  });

  it('appends without a second header, and creates the file with one', async () => {
    const path = `${t.dir}/app.csv`;
    await write({ path }, 'append', batches(batchOf([{ id: 1n }])));
    await write({ path }, 'append', batches(batchOf([{ id: 2n }])));
    expect(await readFile(path, 'utf8')).toBe('id,name,amount,ok,day,at,local\n1,,,,,,\n2,,,,,,\n');
  });

  it('refuses to append under a different header', async () => {
    const path = await t.file('x.csv', 'a,b\n1,2\n');
    const e = await rejection(write({ path }, 'append', batches(batchOf([{ id: 1n }]))));
    expect(e.code).toBe('SCHEMA_MISMATCH');
    expect(e.message).toContain('its header (a, b) differs');
    expect(await readFile(path, 'utf8')).toBe('a,b\n1,2\n');
  });

  it('refuses append_dedup, saying what to use', async () => {
    const e = await rejection(write({ path: `${t.dir}/d.csv` }, 'append_dedup', batches()));
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toContain('use `append` or `overwrite`');
  });

  it('leaves the old file when an overwrite fails midway', async () => {
    const path = await t.file('keep.csv', 'id\n42\n');
    async function* failing(): AsyncGenerator<RecordBatch> {
      yield batchOf([{ id: 1n }]);
      throw new Error('upstream broke');
    }
    await expect(write({ path }, 'overwrite', failing())).rejects.toThrow('upstream broke');
    expect(await readFile(path, 'utf8')).toBe('id\n42\n');
    expect(await readdir(t.dir)).toEqual(['keep.csv']);
  });

  it('gzips a `.gz` target, and appends a gzip member', async () => {
    const path = `${t.dir}/out.csv.gz`;
    await write({ path }, 'overwrite', batches(batchOf([{ id: 1n }])));
    await write({ path }, 'append', batches(batchOf([{ id: 2n }])));
    expect(gunzipSync(await readFile(path)).toString()).toBe('id,name,amount,ok,day,at,local\n1,,,,,,\n2,,,,,,\n');
    expect((await readCsv({ path })).rows.map((r) => r.id)).toEqual([1n, 2n]);
  });

  it('honours delimiter, quote_char, encoding, null_values and has_header', async () => {
    const s = new Schema([new Field('id', new Int64(), true), new Field('name', new Utf8(), true)]);
    const path = `${t.dir}/opts.csv`;
    await write({ path, delimiter: ';', quote_char: "'", encoding: 'latin1', null_values: ['NULL'], has_header: false }, 'overwrite', batches(batchOf([{ id: 1n, name: "Café; l'été" }, { id: null, name: 'x' }], s)), s);
    expect(iconv.decode(await readFile(path), 'latin1')).toBe("1;'Café; l''été'\nNULL;x\n");
  });
});
