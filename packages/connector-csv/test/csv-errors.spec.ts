import { createContext, openConnector } from '@sqlflow/core';
import { csvConnector } from '@sqlflow/connector-csv';
import { readCsv, rejection, tempDir } from './csv-fixtures';

let t: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  t = await tempDir();
});
afterEach(() => t.cleanup());

const SKIP_HINT = '(set "on_error": "skip" to skip such rows)';

describe('CSV source: malformed rows', () => {
  it('fails on a row with the wrong number of fields, naming file and line', async () => {
    const path = await t.file('bad.csv', 'id,name\n1,a\n2,b,extra\n3,c\n');
    const e = await rejection(readCsv({ path }));
    expect(e.code).toBe('DATA_INVALID');
    expect(e.message).toBe(`${path}:3: expected 2 fields, found 3 ${SKIP_HINT}`);
    expect(e.location).toBe(`${path}:3`);
  });

  it('reports the line a multi-line record starts on', async () => {
    const path = await t.file('ml.csv', 'id,name\n1,"a\nb\nc",x\n');
    const e = await rejection(readCsv({ path, columns: { id: 'integer', name: 'string' } }));
    expect(e.location).toBe(`${path}:2`);
  });

  it('fails on an unclosed quote, naming file and line', async () => {
    const path = await t.file('q.csv', 'id,name\n1,a\n2,"b\n3,c\n');
    const e = await rejection(readCsv({ path, columns: { id: 'integer', name: 'string' } }));
    expect(e.code).toBe('DATA_INVALID');
    expect(e.message).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: Quote Not Closed`));
    expect(e.message).toContain(SKIP_HINT);
  });

  it('fails on a value that does not convert to its declared type', async () => {
    const path = await t.file('v.csv', 'id,at\n1,2024-01-01\n2,yesterday\n');
    const e = await rejection(readCsv({ path, columns: { at: 'date' } }));
    expect(e.message).toBe(`${path}:3: column \`at\`: "yesterday" is not a valid date ${SKIP_HINT}`);
  });

  it('skips and counts malformed rows with `on_error: skip`, one warning per file', async () => {
    const a = await t.file('a.csv', 'id,name\n1,a\n2,b,extra\nx,c\n4,d\n5,e"x\n6,f\n');
    await t.file('b.csv', 'id,name\n7,g\n8\n');
    const r = await readCsv({ path: `${t.dir}/*.csv`, on_error: 'skip', columns: { id: 'integer' } });
    expect(r.rows.map((x) => x.id)).toEqual([1, 4, 6, 7]);
    const warns = r.logs.filter((l) => l.level === 'warn');
    expect(warns).toHaveLength(2);
    expect(warns[0]!.message).toBe(`csv: skipped 3 malformed rows in ${a} (line 3, 4, 6)`);
    expect(warns[0]!.fields).toMatchObject({ file: a, skippedRows: 3, lines: [3, 4, 6] });
    expect(warns[1]!.fields).toMatchObject({ skippedRows: 1, lines: [3] });
    expect(r.logs.find((l) => l.level === 'info')!.fields).toMatchObject({ rows: 4, skippedRows: 4 });
  });

  it('counts a record whose closing quote is followed by text (the parser cannot resync after it)', async () => {
    const path = await t.file('cq.csv', 'id,name\n1,a\n2,"b"x\n3,c\n');
    const r = await readCsv({ path, on_error: 'skip' });
    expect(r.rows).toEqual([{ id: 1n, name: 'a' }]);
    expect(r.logs.find((l) => l.level === 'warn')!.fields).toMatchObject({ lines: [3, 4] });
  });

  it('exposes the skipped count through health()', async () => {
    const path = await t.file('a.csv', 'id\n1\n2,2\n3\n');
    await using s = await openConnector(csvConnector, { path, on_error: 'skip' }, createContext());
    for await (const _ of s.read!({ stream: 'a', syncMode: 'full_refresh' })) void _;
    expect((await s.health!()).metrics).toMatchObject({ files_read: 1, rows_read: 2, skipped_rows: 1 });
  });

  it('stops once more than `max_errors` rows were skipped', async () => {
    const path = await t.file('m.csv', 'id\n1\n2,2\n3,3\n4\n5,5\n');
    expect((await readCsv({ path, on_error: 'skip', max_errors: 3 })).rows).toHaveLength(2);
    const e = await rejection(readCsv({ path, on_error: 'skip', max_errors: 2 }));
    expect(e.code).toBe('LIMIT_EXCEEDED');
    expect(e.message).toContain(`more than 2 malformed rows (\`max_errors\`); the last at ${path}:6`);
  });

  it('rejects files of one glob whose headers differ, naming both files and the columns', async () => {
    const a = await t.file('a.csv', 'id,name\n1,a\n');
    const b = await t.file('b.csv', 'id,title\n2,b\n');
    const e = await rejection(readCsv({ path: `${t.dir}/*.csv` }));
    expect(e.code).toBe('SCHEMA_MISMATCH');
    expect(e.message).toBe(`csv: the header of ${b} differs from ${a} (missing \`name\`; extra \`title\`); all files of one \`path\` must share a header`);
    await t.file('b.csv', 'name,id\nb,2\n');
    expect((await rejection(readCsv({ path: `${t.dir}/*.csv` }))).message).toContain('same columns in a different order');
  });

  it('says which path matched nothing and the working directory', async () => {
    const e = await rejection(readCsv({ path: `${t.dir}/none-*.csv` }));
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toContain(`no file matches \`path\` "${t.dir}/none-*.csv" (working directory ${process.cwd()})`);
    expect((await rejection(readCsv({ path: `${t.dir}/missing.csv` }))).message).toContain(`file "${t.dir}/missing.csv" not found`);
  });

  it('reports an empty file without header or `column_names`', async () => {
    const path = await t.file('empty.csv', '');
    expect((await rejection(readCsv({ path }))).message).toContain('is empty, so its columns are unknown');
    expect((await readCsv({ path, column_names: ['a'] })).rows).toEqual([]);
  });
});

describe('CSV source: check()', () => {
  it('passes for a readable file and a glob', async () => {
    const path = await t.file('ok.csv', 'id\n1\n');
    await using s = await openConnector(csvConnector, { path }, createContext());
    await expect(s.check()).resolves.toBeUndefined();
    await using g = await openConnector(csvConnector, { path: `${t.dir}/*.csv` }, createContext());
    await expect(g.check()).resolves.toBeUndefined();
  });

  it('fails with CheckError naming the path and working directory', async () => {
    await using s = await openConnector(csvConnector, { path: `${t.dir}/nope/*.csv` }, createContext());
    const e = await rejection(s.check());
    expect(e.code).toBe('CHECK_FAILED');
    expect(e.message).toContain(`"${t.dir}/nope/*.csv"`);
    expect(e.message).toContain(process.cwd());
  });

  it('fails when the header cannot be read', async () => {
    const path = await t.file('bad.csv.gz', Buffer.from('not gzip'));
    await using s = await openConnector(csvConnector, { path }, createContext());
    const e = await rejection(s.check());
    expect(e.code).toBe('CHECK_FAILED');
    expect(e.message).toContain('not a valid gzip file');
  });

  it('fails when `path` is a directory, suggesting a glob', async () => {
    await using s = await openConnector(csvConnector, { path: t.dir }, createContext());
    expect((await rejection(s.check())).message).toContain(`use a glob such as "${t.dir}/*.csv"`);
  });
});
