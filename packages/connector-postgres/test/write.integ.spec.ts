import { logicalField } from '@sqlflow/core';
import { Bool, Decimal, Field, Float64, Int32, Int64, List, makeData, RecordBatch, Schema, Struct, TimestampMicrosecond, Utf8, type Data, makeVector, vectorFromArray } from 'apache-arrow';
import { collect, open, scratchDatabase, type ScratchDatabase } from './support/test-database';

let db: ScratchDatabase;
beforeAll(async () => {
  db = await scratchDatabase();
});
afterAll(() => db.drop());

const schema = new Schema([
  new Field('region', new Utf8(), false),
  new Field('id', new Int32(), false),
  new Field('amount', new Float64(), true),
]);

function batchOf(rows: Array<[string, number, number | null]>): RecordBatch {
  const children: Data[] = [
    vectorFromArray(rows.map((r) => r[0]), new Utf8()).data[0]!,
    vectorFromArray(rows.map((r) => r[1]), new Int32()).data[0]!,
    vectorFromArray(rows.map((r) => r[2]), new Float64()).data[0]!,
  ];
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: rows.length, nullCount: 0, children }));
}

async function* batches(...list: RecordBatch[]): AsyncGenerator<RecordBatch> {
  for (const b of list) yield b;
}

async function tableRows(table: string): Promise<string[]> {
  const out = await db.sql.unsafe(`select region, id, amount from ${table} order by region, id`);
  return out.map((r) => `${r.region}/${r.id}/${r.amount}`);
}

test('append creates the table from the Arrow schema and appends on later writes', async () => {
  await using session = await open({ url: db.url, target_table: 'sales' });
  const first = await session.write!({ stream: 'ignored', schema, batches: batches(batchOf([['eu', 1, 1.5], ['us', 2, null]])), mode: 'append' });
  expect(first).toMatchObject({ rows: 2, locations: ['public.sales'] });
  await session.write!({ stream: 'ignored', schema, batches: batches(batchOf([['eu', 3, 3]])), mode: 'append' });
  expect(await tableRows('sales')).toEqual(['eu/1/1.5', 'eu/3/3', 'us/2/null']);
  const cols = await db.sql`select column_name, data_type, is_nullable from information_schema.columns where table_name = 'sales' order by ordinal_position`;
  expect(cols.map((c) => `${c.column_name}:${c.data_type}:${c.is_nullable}`)).toEqual(['region:text:NO', 'id:integer:NO', 'amount:double precision:YES']);
});

test('overwrite replaces every row', async () => {
  await using session = await open({ url: db.url, target_table: 'snap', write_mode: 'overwrite' });
  await session.write!({ stream: 's', schema, batches: batches(batchOf([['eu', 1, 1], ['eu', 2, 2]])), mode: 'append' });
  await session.write!({ stream: 's', schema, batches: batches(batchOf([['us', 9, 9]])), mode: 'append' });
  expect(await tableRows('snap')).toEqual(['us/9/9']);
});

test('upsert with a composite key updates matches, inserts the rest, and keeps the last duplicate', async () => {
  await using session = await open({ url: db.url, target_table: 'up', write_mode: 'upsert', upsert_keys: ['region', 'id'] });
  await session.write!({ stream: 'up', schema, batches: batches(batchOf([['eu', 1, 1], ['us', 1, 10], ['eu', 2, 2]])), mode: 'append' });
  await session.write!({ stream: 'up', schema, batches: batches(batchOf([['eu', 1, 100], ['eu', 3, 3]]), batchOf([['eu', 1, 111], ['us', 2, 20]])), mode: 'append' });
  expect(await tableRows('up')).toEqual(['eu/1/111', 'eu/2/2', 'eu/3/3', 'us/1/10', 'us/2/20']);
  const [pk] = await db.sql`select pg_get_constraintdef(oid) as def from pg_constraint where conrelid = 'up'::regclass and contype = 'p'`;
  expect(pk!.def).toBe('PRIMARY KEY (region, id)');
});

test('append_dedup from the runner upserts by the request primary key', async () => {
  await db.sql.unsafe('create table keyed (region text, id int, amount float8)');
  await using session = await open({ url: db.url });
  await session.write!({ stream: 'keyed', schema, batches: batches(batchOf([['eu', 1, 1]])), mode: 'append_dedup', primaryKey: ['region', 'id'] });
  await session.write!({ stream: 'keyed', schema, batches: batches(batchOf([['eu', 1, 2]])), mode: 'append_dedup', primaryKey: ['region', 'id'] });
  expect(await tableRows('keyed')).toEqual(['eu/1/2']);
});

test.each(['append', 'overwrite', 'upsert'] as const)('a failure mid-stream leaves the target exactly as it was (%s)', async (mode) => {
  const table = `fail_${mode}`;
  await db.sql.unsafe(`create table ${table} (region text, id int primary key, amount float8); insert into ${table} values ('eu', 1, 1), ('us', 2, 2)`);
  const before = await tableRows(table);
  async function* failing(): AsyncGenerator<RecordBatch> {
    yield batchOf(Array.from({ length: 5000 }, (_, i) => ['xx', i + 10, i] as [string, number, number]));
    yield batchOf([['eu', 1, 999]]);
    throw new Error('upstream broke');
  }
  await using session = await open({ url: db.url, target_table: table, write_mode: mode, upsert_keys: ['id'] });
  await expect(session.write!({ stream: table, schema, batches: failing(), mode: 'append' })).rejects.toThrow('upstream broke');
  expect(await tableRows(table)).toEqual(before);
  // the session still works afterwards
  await session.write!({ stream: table, schema, batches: batches(batchOf([['eu', 3, 3]])), mode: 'append' });
  expect(await tableRows(table)).toContain('eu/3/3');
});

test('a server-side failure (constraint) rolls back too and is a typed DataError', async () => {
  await db.sql.unsafe("create table strict_t (region text, id int primary key, amount float8); insert into strict_t values ('eu', 1, 1)");
  await using session = await open({ url: db.url, target_table: 'strict_t', write_mode: 'append' });
  await expect(session.write!({ stream: 'x', schema, batches: batches(batchOf([['eu', 5, 5], ['eu', 1, 2]])), mode: 'append' })).rejects.toMatchObject({ code: 'DATA_INVALID' });
  expect(await tableRows('strict_t')).toEqual(['eu/1/1']);
});

test('a column missing from an existing table is a SchemaError that says how to fix it', async () => {
  await db.sql.unsafe('create table narrow (region text, id int)');
  await using session = await open({ url: db.url, target_table: 'narrow' });
  await expect(session.write!({ stream: 'x', schema, batches: batches(batchOf([['eu', 1, 1]])), mode: 'append' })).rejects.toMatchObject({ code: 'SCHEMA_MISMATCH', message: expect.stringContaining('ADD COLUMN') });
});

test('upsert without keys is a ConfigError on upsert_keys', async () => {
  await using session = await open({ url: db.url, target_table: 'nokeys', write_mode: 'upsert' });
  await expect(session.write!({ stream: 'x', schema, batches: batches(batchOf([['eu', 1, 1]])), mode: 'append' })).rejects.toMatchObject({ code: 'CONFIG_INVALID', parameter: 'upsert_keys' });
});

test('rich types map back: json -> jsonb, decimal -> numeric(p,s), timestamptz, lists, uuid; values round-trip', async () => {
  await db.sql.unsafe(`
    create table src (id int8 primary key, n numeric(38,10), big numeric(50,20), ts timestamptz, j jsonb, u uuid, tags text[], nums int4[], flag bool, b bytea, iv interval, d date, note text);
    insert into src values (1, -1234567890123456789012345678.0123456789, 12345678901234567890123456789.01234567890123456789, '2024-05-06 07:08:09.123456+00', '{"k": [1, "tab\\there"]}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"a\\"q",NULL,"c,d"}', '{1,NULL,3}', true, '\\x00ff', '1 day 02:00:00', '2024-02-29', E'line1\\nline2\\\\ \\t');
    insert into src (id) values (2);
  `);
  await using source = await open({ url: db.url, table: 'src' });
  const [stream] = await source.discover();
  const read = await collect(source.read!({ stream: 'src', syncMode: 'full_refresh' }));
  await using dest = await open({ url: db.url, target_table: 'copy_of_src' });
  const result = await dest.write!({ stream: 'src', schema: stream!.schema, batches: batches(...read.map((b) => b.batch)), mode: 'append' });
  expect(result.rows).toBe(2);
  const types = await db.sql`select column_name, format_type(atttypid, atttypmod) as t from information_schema.columns c join pg_attribute a on a.attrelid = 'copy_of_src'::regclass and a.attname = c.column_name where table_name = 'copy_of_src' order by ordinal_position`;
  expect(types.map((r) => `${r.column_name}:${r.t}`)).toEqual([
    'id:bigint', 'n:numeric(38,10)', 'big:numeric(50,20)', 'ts:timestamp with time zone', 'j:jsonb', 'u:uuid', 'tags:text[]', 'nums:integer[]',
    'flag:boolean', 'b:bytea', 'iv:interval', 'd:date', 'note:text',
  ]);
  const diff = await db.sql`(select * from src except select * from copy_of_src) union all (select * from copy_of_src except select * from src)`;
  expect(diff).toHaveLength(0);
});

test('Arrow-only types get sensible columns (Int64, Decimal, logical json, List<Utf8>, Timestamp without zone)', async () => {
  const s = new Schema([
    new Field('k', new Int64(), false),
    new Field('price', new Decimal(2, 12, 128), true),
    logicalField('doc', new Utf8(), 'json'),
    new Field('labels', new List(new Field('item', new Utf8(), true)), true),
    new Field('at', new TimestampMicrosecond(), true),
    new Field('ok', new Bool(), true),
  ]);
  const children = [
    makeVector(new BigInt64Array([1n, 2n])).data[0]!,
    makeData({ type: new Decimal(2, 12, 128), length: 2, nullCount: 0, data: new Uint32Array([12345, 0, 0, 0, 4294967295, 4294967295, 4294967295, 4294967295]) }),
    vectorFromArray(['{"a":1}', null], new Utf8()).data[0]!,
    vectorFromArray([['x', 'y'], []], new List(new Field('item', new Utf8(), true))).data[0]!,
    makeData({ type: new TimestampMicrosecond(), length: 2, nullCount: 0, data: new BigInt64Array([1_000_001n, 0n]) }),
    vectorFromArray([true, false], new Bool()).data[0]!,
  ];
  const batch = new RecordBatch(s, makeData({ type: new Struct(s.fields), length: 2, nullCount: 0, children }));
  await using dest = await open({ url: db.url, target_table: 'arrowish' });
  await dest.write!({ stream: 'a', schema: s, batches: batches(batch), mode: 'append' });
  const out = await db.sql`select k::text, price::text, doc::text, labels::text, at::text, ok, pg_typeof(doc)::text as jt from arrowish order by k`;
  expect(out.map((r) => ({ ...r }))).toEqual([
    { k: '1', price: '123.45', doc: '{"a": 1}', labels: '{x,y}', at: '1970-01-01 00:00:01.000001', ok: true, jt: 'jsonb' },
    { k: '2', price: '-0.01', doc: null, labels: '{}', at: '1970-01-01 00:00:00', ok: false, jt: 'jsonb' },
  ]);
});

test('an existing char(n) target keeps whole values (the cast is to bpchar, not char(1))', async () => {
  await db.sql.unsafe(`create table codes (region char(5), id int primary key, amount float8)`);
  await using session = await open({ url: db.url, target_table: 'codes', write_mode: 'upsert' });
  await session.write!({ stream: 'codes', schema, batches: batches(batchOf([['north', 1, 1], ['eu', 2, null]])), mode: 'append' });
  expect(await db.sql.unsafe(`select region, region::text as trimmed from codes order by id`)).toEqual([
    { region: 'north', trimmed: 'north' },
    { region: 'eu   ', trimmed: 'eu' },
  ]);
  // Too long for char(5): the server's own length check still applies (no silent truncation).
  await expect(session.write!({ stream: 'codes', schema, batches: batches(batchOf([['toolong', 3, 1]])), mode: 'append' })).rejects.toMatchObject({ code: 'DATA_INVALID' });
});
