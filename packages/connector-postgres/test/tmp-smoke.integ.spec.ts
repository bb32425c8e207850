import { collect, createTestDatabase, open, rowsOf, type TestDatabase } from './support/test-database';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await db.sql.unsafe(`create type mood as enum ('sad','ok','happy');
  create table t (id int8 primary key, n numeric(38,10), u numeric, ts timestamptz, t timestamp, d date, tm time, iv interval,
   j jsonb, jj json, b bytea, ai int[], at text[], m mood, uu uuid, f4 real, f8 float8, s2 int2, bo bool, c char(3), v varchar(5), inet inet);
  insert into t values (9223372036854775807, 1234567890123456789012345678.0123456789, 1.5, '2024-01-02 03:04:05.123456+02', '2024-01-02 03:04:05.654321', '2024-02-29', '13:14:15.5', '1 year 2 mons 3 days 04:05:06.5', '{"a":[1,2]}', '{"x": 1}', '\\xdeadbeef', '{1,NULL,3}', '{"a b","c,d",NULL}', 'happy', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 1.5, 2.25, -3, true, 'ab', 'xyz', '10.0.0.1/8');
  insert into t (id) values (1);`);
});
afterAll(() => db.drop());

test('smoke', async () => {
  const s = await open({ url: db.url, table: 't' });
  const streams = await s.discover();
  console.log(streams.map((x) => [x.name, x.primaryKey, x.schema.fields.map((f) => `${f.name}:${String(f.type)}`).join(' ')]));
  const batches = await collect(s.read!({ stream: 't', syncMode: 'full_refresh' }));
  console.log(rowsOf(batches.map((b) => b.batch)));
  const inc = await collect(s.read!({ stream: 't', syncMode: 'incremental', cursorField: 'ts' }));
  console.log(inc.map((b) => b.watermark));
  await s.close();
});
