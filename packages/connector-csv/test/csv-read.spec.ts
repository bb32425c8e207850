import { gzipSync } from 'node:zlib';
import { createContext, openConnector } from '@sqlflow/core';
import { csvConnector } from '@sqlflow/connector-csv';
import iconv from 'iconv-lite';
import { readCsv, rejection, tempDir } from './csv-fixtures';

let t: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  t = await tempDir();
});
afterEach(() => t.cleanup());

function types(r: Awaited<ReturnType<typeof readCsv>>): Record<string, string> {
  return Object.fromEntries(r.batches[0]!.batch.schema.fields.map((f) => [f.name, String(f.type)]));
}

describe('CSV source: reading', () => {
  it('reads a headed file with inferred types', async () => {
    const path = await t.file('orders.csv', 'id,name,amount,day,at,local,ok,doc\n1,a,1.5,2024-01-31,2024-01-01T00:00:00Z,2024-01-01 10:00:00,true,"{""a"":1}"\n2,b,2,2024-02-01,2024-01-02T00:00:00.000001+01:00,2024-01-01 11:00:00,false,[1]\n');
    const r = await readCsv({ path });
    expect(types(r)).toEqual({
      id: 'Int64',
      name: 'Utf8',
      amount: 'Float64',
      day: 'Date32<DAY>',
      at: 'Timestamp<MICROSECOND, UTC>',
      local: 'Timestamp<MICROSECOND>',
      ok: 'Bool',
      doc: 'Utf8',
    });
    expect(r.rows[0]).toMatchObject({ id: 1n, name: 'a', amount: 1.5, day: Date.UTC(2024, 0, 31), at: Date.UTC(2024, 0, 1), ok: true, doc: '{"a":1}' });
    expect(r.rows[1]).toMatchObject({ id: 2n, amount: 2, at: Date.UTC(2024, 0, 1, 23) + 0.001, ok: false });
    // JSON text is not inferred as JSON; declare it in `columns` (next test).
    expect(r.batches[0]!.batch.schema.fields[7]!.metadata.get('sqlflow:logical_type')).toBeUndefined();
  });

  it('names the stream after the file (without .csv.gz), or `stream`', async () => {
    const path = await t.file('orders.csv.gz', 'id\n1\n');
    await using s = await openConnector(csvConnector, { path }, createContext());
    expect((await s.discover())[0]!.name).toBe('orders');
    await using named = await openConnector(csvConnector, { path, stream: 'sales' }, createContext());
    expect((await named.discover())[0]!.name).toBe('sales');
  });

  it('rejects a read of an unknown stream with NotFoundError', async () => {
    const path = await t.file('orders.csv', 'id\n1\n');
    await using s = await openConnector(csvConnector, { path }, createContext());
    const it = s.read!({ stream: 'customers', syncMode: 'full_refresh' })[Symbol.asyncIterator]();
    const e = await rejection(it.next());
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toContain('this source offers `orders`');
  });

  it('reads quoted fields holding delimiters, quotes and newlines', async () => {
    const path = await t.file('q.csv', 'a,b\n"x, y","say ""hi"""\n"line 1\nline 2",z\n');
    const r = await readCsv({ path });
    expect(r.rows).toEqual([
      { a: 'x, y', b: 'say "hi"' },
      { a: 'line 1\nline 2', b: 'z' },
    ]);
  });

  it('honours `delimiter`, `quote_char` and `escape_char`', async () => {
    const path = await t.file('d.csv', "a;b\n'x;y';'it\\'s'\n");
    const r = await readCsv({ path, delimiter: ';', quote_char: "'", escape_char: '\\' });
    expect(r.rows).toEqual([{ a: 'x;y', b: "it's" }]);
    const tabs = await t.file('t.tsv', 'a\tb\n1\t2\n');
    expect((await readCsv({ path: tabs, delimiter: '\t' })).rows).toEqual([{ a: 1n, b: 2n }]);
  });

  it('reads quotes literally when `quote_char` is empty', async () => {
    const path = await t.file('nq.csv', 'a,b\n"x,y"\n');
    const r = await readCsv({ path, quote_char: '' });
    expect(r.rows).toEqual([{ a: '"x', b: 'y"' }]);
  });

  it('names columns column_1..n without a header, or from `column_names`', async () => {
    const path = await t.file('n.csv', '1,a\n2,b\n');
    expect((await readCsv({ path, has_header: false })).rows).toEqual([
      { column_1: 1n, column_2: 'a' },
      { column_1: 2n, column_2: 'b' },
    ]);
    expect((await readCsv({ path, has_header: false, column_names: ['id', 'name'] })).rows[1]).toEqual({ id: 2n, name: 'b' });
  });

  it('replaces a header with `column_names` and checks the count', async () => {
    const path = await t.file('h.csv', 'ID,Name\n1,a\n');
    expect((await readCsv({ path, column_names: ['id', 'name'] })).rows).toEqual([{ id: 1n, name: 'a' }]);
    const e = await rejection(readCsv({ path, column_names: ['id'] }));
    expect(e.code).toBe('SCHEMA_MISMATCH');
    expect(e.message).toContain('`column_names` lists 1 columns but');
  });

  it('reads `null_values` as NULL, before type conversion', async () => {
    const path = await t.file('n.csv', 'id,name\n1,NA\nNULL,\n3,x\n');
    const r = await readCsv({ path, null_values: ['NA', 'NULL'] });
    expect(types(r)).toEqual({ id: 'Int64', name: 'Utf8' });
    expect(r.rows).toEqual([
      { id: 1n, name: null },
      { id: null, name: '' },
      { id: 3n, name: 'x' },
    ]);
    expect((await readCsv({ path: await t.file('e.csv', 'a,b\n1,\n') })).rows).toEqual([{ a: 1n, b: null }]);
  });

  it('uses explicit `columns` types and infers the rest', async () => {
    const path = await t.file('c.csv', 'id,code,at,flag,doc\n1,007,2024-01-01T00:00:00Z,yes,"{""k"":1}"\n');
    const r = await readCsv({ path, columns: { id: 'integer', code: 'string', at: 'timestamp', flag: 'boolean', doc: 'json' } });
    expect(types(r)).toEqual({ id: 'Int32', code: 'Utf8', at: 'Timestamp<MICROSECOND>', flag: 'Bool', doc: 'Utf8' });
    expect(r.rows).toEqual([{ id: 1, code: '007', at: Date.UTC(2024, 0, 1), flag: true, doc: '{"k":1}' }]);
    expect(r.batches[0]!.batch.schema.fields[4]!.metadata.get('sqlflow:logical_type')).toBe('json');
    const all = await readCsv({ path: await t.file('all.csv', 'a,b,c,d\n1,1.5,2024-02-29,9007199254740993\n'), columns: { a: 'float', b: 'string', c: 'date', d: 'bigint' } });
    expect(types(all)).toEqual({ a: 'Float64', b: 'Utf8', c: 'Date32<DAY>', d: 'Int64' });
    expect(all.rows).toEqual([{ a: 1, b: '1.5', c: Date.UTC(2024, 1, 29), d: 9007199254740993n }]);
  });

  it('reports `columns` naming a column the file lacks', async () => {
    const path = await t.file('c.csv', 'id\n1\n');
    const e = await rejection(readCsv({ path, columns: { ident: 'integer' } }));
    expect(e.code).toBe('SCHEMA_MISMATCH');
    expect(e.message).toContain('`ident`, not a column of');
  });

  it('infers from the first `infer_rows` rows only, and fails later rows that do not fit with a hint', async () => {
    const path = await t.file('i.csv', 'v\n1\n2\nthree\n');
    const e = await rejection(readCsv({ path, infer_rows: 2 }));
    expect(e.code).toBe('DATA_INVALID');
    expect(e.message).toBe(`${path}:4: column \`v\`: "three" is not a valid bigint; the type was inferred from the first rows of ${path}, declare it in \`columns\` (set "on_error": "skip" to skip such rows)`);
    expect((await readCsv({ path, infer_rows: 3 })).rows.map((r) => r.v)).toEqual(['1', '2', 'three']);
    expect(types(await readCsv({ path: await t.file('z.csv', 'v\n1\n'), infer_rows: 0 }))).toEqual({ v: 'Utf8' });
  });

  it('reads gzip by extension, by `compression: gzip`, and not with `none`', async () => {
    const gz = await t.file('a.csv.gz', 'id\n1\n2\n');
    expect((await readCsv({ path: gz })).rows).toHaveLength(2);
    const hidden = await t.file('b.dat', gzipSync('id\n7\n'));
    expect((await readCsv({ path: hidden, compression: 'gzip' })).rows).toEqual([{ id: 7n }]);
    const plain = await t.file('c.csv.gz', 'id\n5\n');
    await t.file('c.csv.gz', Buffer.from('id\n5\n'));
    expect((await readCsv({ path: plain, compression: 'none' })).rows).toEqual([{ id: 5n }]);
    const e = await rejection(readCsv({ path: plain }));
    expect(e.code).toBe('DATA_INVALID');
    expect(e.message).toContain('not a valid gzip file');
  });

  it('decodes `encoding` latin1 and utf-16le, and drops a UTF-8 BOM', async () => {
    const latin = await t.file('l.csv', iconv.encode('name\nCafé Müller\n', 'latin1'));
    expect((await readCsv({ path: latin, encoding: 'latin1' })).rows).toEqual([{ name: 'Café Müller' }]);
    expect((await readCsv({ path: latin })).rows[0]!.name).not.toBe('Café Müller');
    const utf16 = await t.file('u.csv', iconv.encode('\ufeffname\nżółw\n', 'utf-16le'));
    expect((await readCsv({ path: utf16, encoding: 'utf-16le' })).rows).toEqual([{ name: 'żółw' }]);
    const bom = await t.file('b.csv', '\ufeffid\n1\n');
    expect((await readCsv({ path: bom })).rows).toEqual([{ id: 1n }]);
  });

  it('skips `skip_rows` lines before the header and `comment_char` lines', async () => {
    const path = await t.file('s.csv', 'exported 2024-01-01\nby someone\nid,name\n# a comment\n1,a\n#2,b\n3,c#d\n');
    const r = await readCsv({ path, skip_rows: 2, comment_char: '#' });
    expect(r.rows).toEqual([
      { id: 1n, name: 'a' },
      { id: 3n, name: 'c#d' },
    ]);
  });

  it('skips blank lines and reads CRLF files', async () => {
    const path = await t.file('crlf.csv', 'id,name\r\n1,a\r\n\r\n2,b\r\n');
    expect((await readCsv({ path })).rows).toEqual([
      { id: 1n, name: 'a' },
      { id: 2n, name: 'b' },
    ]);
  });

  it('cuts batches at `batch_size` rows', async () => {
    const path = await t.file('b.csv', `id\n${Array.from({ length: 25 }, (_, i) => i).join('\n')}\n`);
    const r = await readCsv({ path, batch_size: 10 });
    expect(r.batches.map((b) => b.batch.numRows)).toEqual([10, 10, 5]);
    expect(r.rows.map((x) => x.id)).toEqual(Array.from({ length: 25 }, (_, i) => BigInt(i)));
    expect(r.batches.every((b) => b.watermark === undefined)).toBe(true);
  });

  it('reads every file of a glob in sorted path order as one stream named `csv`', async () => {
    await t.file('part-2.csv', 'id,name\n3,c\n');
    await t.file('part-1.csv', 'id,name\n1,a\n2,b\n');
    await t.file('part-3.csv.gz', 'id,name\n4,d\n');
    await t.file('other.txt', 'not,csv\n');
    await using s = await openConnector(csvConnector, { path: `${t.dir}/part-*.csv*` }, createContext());
    expect((await s.discover())[0]!.name).toBe('csv');
    const r = await readCsv({ path: `${t.dir}/part-*.csv*` });
    expect(r.rows.map((x) => x.id)).toEqual([1n, 2n, 3n, 4n]);
    expect(r.logs.find((l) => l.level === 'info')!.fields).toMatchObject({ files: 3, rows: 4, skippedRows: 0 });
  });

  it('resolves relative paths against the working directory', async () => {
    await t.file('rel.csv', 'id\n1\n');
    const cwd = process.cwd();
    process.chdir(t.dir);
    try {
      expect((await readCsv({ path: 'rel.csv' })).rows).toEqual([{ id: 1n }]);
    } finally {
      process.chdir(cwd);
    }
  });

  it('describes the stream: schema, primary key, cursor, modes', async () => {
    const path = await t.file('o.csv', 'id,at\n1,2024-01-01\n');
    await using s = await openConnector(csvConnector, { path, primary_key: ['id'], sync_mode: 'incremental', cursor_field: 'at' }, createContext());
    const [d] = await s.discover();
    expect(d).toMatchObject({ name: 'o', primaryKey: ['id'], defaultCursorField: 'at', supportedSyncModes: ['full_refresh', 'incremental'] });
    expect(d!.schema.fields.map((f) => f.name)).toEqual(['id', 'at']);
  });

  it('reports duplicate header names', async () => {
    const path = await t.file('dup.csv', 'a,b,a\n1,2,3\n');
    const e = await rejection(readCsv({ path }));
    expect(e.code).toBe('SCHEMA_MISMATCH');
    expect(e.message).toContain('duplicate column names `a`');
  });
});
