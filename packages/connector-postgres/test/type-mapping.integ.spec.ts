import { logicalTypeOf } from '@sqlflow/core';
import type { Field } from 'apache-arrow';
import { POSTGRES_TYPE_KEY } from '@sqlflow/connector-postgres';
import { collect, open, rows, scratchDatabase, type ScratchDatabase } from './support/test-database';

let db: ScratchDatabase;

beforeAll(async () => {
  db = await scratchDatabase();
  await db.sql.unsafe(`
    create type mood as enum ('sad', 'ok', 'happy');
    create domain positive_int as int4 check (value > 0);
    create table all_types (
      id int8 primary key, i2 int2, i4 int4, i8 int8, pos positive_int,
      n38 numeric(38,10), n10 numeric(10,2), n50 numeric(50,20), nfree numeric,
      f4 real, f8 double precision, bo boolean,
      tx text, vc varchar(5), ch char(3), uu uuid,
      d date, tm time, ts timestamp, tstz timestamptz, iv interval, ttz timetz,
      j json, jb jsonb, ba bytea,
      ai int4[], at text[], an numeric(6,2)[], am mood[],
      m mood, inet_col inet, money_col money
    );
    insert into all_types values (
      1, -32768, -2147483648, 9223372036854775807, 7,
      1234567890123456789012345678.0123456789, -12345678.91, 123456789012345678901234567890.12345678901234567890, -0.000000000000000000001234,
      3.25, -1.5e300, true,
      'tab\there "quote" é 🙂', 'abc', 'ab', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
      '2024-02-29', '23:59:59.999999', '2024-01-02 03:04:05.123456', '2024-01-02 03:04:05.654321+02', '1 year 2 mons -3 days 04:05:06.789', '10:00:00+02',
      '{"a": [1, 2]}', '{"b": {"c": null}}', '\\x00ff10',
      '{1,NULL,-3}', '{"x y","c,d",NULL,""}', '{1.50,-2.25}', '{happy,sad}',
      'ok', '192.168.0.1/24', 12.34
    );
    insert into all_types (id) values (2);
    insert into all_types (id, i8, ts, tstz, d) values (3, -9223372036854775808, 'infinity', '-infinity', '1970-01-01');
  `);
});
afterAll(() => db.drop());

async function readAll(): Promise<{ rows: Array<Record<string, unknown>>; fields: Map<string, Field> }> {
  await using session = await open({ url: db.url, table: 'all_types' });
  const [stream] = await session.discover();
  const batches = await collect(session.read!({ stream: stream!.name, syncMode: 'full_refresh' }));
  const all = rows(batches).sort((a, b) => Number(a.id) - Number(b.id));
  for (const b of batches) expect(b.batch.schema.fields.map((f) => f.name)).toEqual(stream!.schema.fields.map((f) => f.name));
  return { rows: all, fields: new Map(stream!.schema.fields.map((f) => [f.name, f])) };
}

test('discovered Arrow types follow the documented mapping', async () => {
  const { fields } = await readAll();
  const types = Object.fromEntries([...fields].map(([name, f]) => [name, String(f.type)]));
  expect(types).toEqual({
    id: 'Int64', i2: 'Int16', i4: 'Int32', i8: 'Int64', pos: 'Int32',
    n38: 'Decimal[38e+10]', n10: 'Decimal[10e+2]', n50: 'Utf8', nfree: 'Utf8',
    f4: 'Float32', f8: 'Float64', bo: 'Bool',
    tx: 'Utf8', vc: 'Utf8', ch: 'Utf8', uu: 'Utf8',
    d: 'Date32<DAY>', tm: 'Time64<MICROSECOND>', ts: 'Timestamp<MICROSECOND>', tstz: 'Timestamp<MICROSECOND, UTC>', iv: 'Utf8', ttz: 'Utf8',
    j: 'Utf8', jb: 'Utf8', ba: 'Binary',
    ai: 'List<Int32>', at: 'List<Utf8>', an: 'List<Decimal[6e+2]>', am: 'List<Utf8>',
    m: 'Utf8', inet_col: 'Utf8', money_col: 'Utf8',
  });
  const logical = Object.fromEntries([...fields].map(([name, f]) => [name, logicalTypeOf(f)]).filter(([, l]) => l !== undefined));
  expect(logical).toEqual({ n50: 'decimal(50,20)', uu: 'uuid', iv: 'interval', j: 'json', jb: 'json', m: 'enum' });
  expect(fields.get('id')!.nullable).toBe(false);
  await using session = await open({ url: db.url, table: 'all_types' });
  expect((await session.discover())[0]!.primaryKey).toEqual(['id']);
  expect(fields.get('i2')!.nullable).toBe(true);
  expect(fields.get('n38')!.metadata.get(POSTGRES_TYPE_KEY)).toBe('numeric(38,10)');
  expect(fields.get('pos')!.metadata.get(POSTGRES_TYPE_KEY)).toBe('positive_int');
});

test('every value comes back exactly', async () => {
  const { rows: all } = await readAll();
  expect(all[0]).toEqual({
    id: 1n, i2: -32768, i4: -2147483648, i8: 9223372036854775807n, pos: 7,
    n38: '1234567890123456789012345678.0123456789', n10: '-12345678.91',
    n50: '123456789012345678901234567890.12345678901234567890', nfree: '-0.000000000000000000001234',
    f4: 3.25, f8: -1.5e300, bo: true,
    tx: 'tab\there "quote" é 🙂', vc: 'abc', ch: 'ab ', uu: 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
    d: 19782, // days since 1970-01-01 for 2024-02-29
    tm: 86_399_999_999n,
    ts: 1_704_164_645_123_456n, // 2024-01-02T03:04:05.123456 (no zone)
    tstz: 1_704_157_445_654_321n, // 2024-01-02T01:04:05.654321Z
    iv: 'P1Y2M-3DT4H5M6.789S', ttz: '10:00:00+02',
    j: '{"a": [1, 2]}', jb: '{"b": {"c": null}}', ba: '00ff10',
    ai: [1, null, -3], at: ['x y', 'c,d', null, ''], am: ['happy', 'sad'],
    an: expect.any(Array),
    m: 'ok', inet_col: '192.168.0.1/24', money_col: '$12.34',
  });
});

test('NULL in every column is null', async () => {
  const { rows: all } = await readAll();
  const { id, ...rest } = all[1]!;
  expect(id).toBe(2n);
  expect(Object.values(rest).every((v) => v === null)).toBe(true);
});

test('int8 minimum survives; infinite timestamps become null; the epoch date is 0', async () => {
  const { rows: all } = await readAll();
  expect(all[2]).toMatchObject({ i8: -9223372036854775808n, ts: null, tstz: null, d: 0 });
});

test('numeric arrays keep their scale', async () => {
  await using session = await open({ url: db.url, query: 'select an from all_types where id = 1' });
  const [b] = await collect(session.read!({ stream: 'query', syncMode: 'full_refresh' }));
  const list = b!.batch.getChild('an')!.get(0) as { toArray(): Uint32Array[] } & Iterable<unknown>;
  expect(String(b!.batch.schema.fields[0]!.type)).toBe('List<Decimal[6e+2]>');
  expect([...list].map((v) => String(v))).toEqual(['150', '-225']);
});

test('intervals decode to the ISO-8601 text PostgreSQL prints with intervalstyle iso_8601', async () => {
  const samples = ['0', '1 microsecond', '-1 day', '1 year 2 mons', '-1 year -2 mons +3 days -04:05:06.5', '49 hours', '0.000001 seconds ago', '1 day -1 second', '100 years 11 mons 30 days 23:59:59.999999'];
  await db.sql.unsafe('create table ivs (k int, v interval)');
  await db.sql.unsafe(`insert into ivs select g, (array[${samples.map((s) => `'${s}'::interval`).join(',')}])[g] from generate_series(1, ${samples.length}) g`);
  const expected = await db.sql.begin(async (tx) => {
    await tx.unsafe('set local intervalstyle = iso_8601');
    return tx.unsafe<Array<{ k: number; v: string }>>('select k, v::text as v from ivs order by k');
  });
  await using session = await open({ url: db.url, table: 'ivs' });
  const got = rows(await collect(session.read!({ stream: 'ivs', syncMode: 'full_refresh' }))).sort((a, b) => Number(a.k) - Number(b.k));
  expect(got.map((r) => r.v)).toEqual(expected.map((r) => r.v));
});

test('a multi-dimensional array fails with a DataError that says what to do', async () => {
  await db.sql.unsafe("create table md (a int[]); insert into md values ('{{1,2},{3,4}}')");
  await using session = await open({ url: db.url, table: 'md' });
  await expect(collect(session.read!({ stream: 'md', syncMode: 'full_refresh' }))).rejects.toMatchObject({ code: 'DATA_INVALID', message: expect.stringContaining('multi-dimensional') });
});

test('a custom query keeps numeric precision of table columns and maps computed columns', async () => {
  await using session = await open({ url: db.url, query: "select id, n38, n38 * 2 as doubled, tstz, 'x'::text as lit from all_types where id = 1;" });
  const [stream] = await session.discover();
  expect(stream!.name).toBe('query');
  expect(stream!.schema.fields.map((f) => String(f.type))).toEqual(['Int64', 'Decimal[38e+10]', 'Utf8', 'Timestamp<MICROSECOND, UTC>', 'Utf8']);
  const [r] = rows(await collect(session.read!({ stream: 'query', syncMode: 'full_refresh' })));
  expect(r).toEqual({ id: 1n, n38: '1234567890123456789012345678.0123456789', doubled: '2469135780246913578024691356.0246913578', tstz: 1_704_157_445_654_321n, lit: 'x' });
});
