import { collect, open, rows, scratchDatabase, type ScratchDatabase } from './support/test-database';

let db: ScratchDatabase;
beforeAll(async () => {
  db = await scratchDatabase();
  await db.sql.unsafe(`
    create table dec (k int, a numeric(12,2), b numeric(18,0), c numeric(38,10), d numeric(5,5));
    insert into dec values
      (1, 0, 0, 0, 0), (2, -0.01, -1, -0.0000000001, -0.00001), (3, 9999999999.99, 999999999999999999, 9999999999999999999999999999.9999999999, 0.99999),
      (4, -9999999999.99, -999999999999999999, -9999999999999999999999999999.9999999999, -0.99999), (5, 100.10, 10000, 123456.7890123456, 0.1),
      (6, -42949672.96, -4294967296, -42949672.9600000000, 0.00001);
    insert into dec select 100 + g, (random() * 2e10 - 1e10)::numeric(12,2), (random() * 2e17 - 1e17)::numeric(18,0), (random() * 2e27 - 1e27)::numeric(38,10), (random() * 2 - 1)::numeric(5,5) from generate_series(1, 2000) g;
  `);
});
afterAll(() => db.drop());

test('Arrow decimals equal PostgreSQL text for edge and random values (fast and exact paths)', async () => {
  await using session = await open({ url: db.url, table: 'dec' });
  const got = rows(await collect(session.read!({ stream: 'dec', syncMode: 'full_refresh' })));
  const want = await db.sql`select k, a::text, b::text, c::text, d::text from dec`;
  const byKey = new Map(want.map((r) => [r.k as number, r]));
  expect(got).toHaveLength(want.length);
  for (const r of got) {
    const w = byKey.get(r.k as number)!;
    const norm = (s: string) => s.replace(/^(-?)0\./, '$1.').replace(/^-\.0+$/, '0').replace(/^\.0+$/, '0');
    for (const c of ['a', 'b', 'c', 'd']) expect([r.k, c, norm(String(r[c]))]).toEqual([r.k, c, norm(String(w[c]))]);
  }
});
