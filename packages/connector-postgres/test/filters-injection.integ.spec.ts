import { collect, open, rows, scratchDatabase, type ScratchDatabase } from './support/test-database';

let db: ScratchDatabase;

beforeAll(async () => {
  db = await scratchDatabase();
  await db.sql.unsafe(`
    create table orders (id int primary key, status text, total numeric(10,2), note text, placed date);
    insert into orders values
      (1, 'paid', 100.00, null, '2024-01-01'), (2, 'paid', 300.00, 'x', '2024-01-02'), (3, 'shipped', 450.50, null, '2024-01-03'),
      (4, 'cancelled', 500.00, 'y', '2024-01-04'), (5, 'paid', 999.99, null, '2024-01-05'), (6, 'it''s', 0, 'quote', '2024-01-06');
    create table "Weird ""Name""" (id int);
    insert into "Weird ""Name""" values (42);
    create schema sales;
    create table sales.orders (id int);
    insert into sales.orders values (7);
  `);
});
afterAll(() => db.drop());

async function ids(params: Record<string, unknown>, stream = 'orders'): Promise<number[]> {
  await using session = await open({ url: db.url, table: 'orders', ...params });
  const out = rows(await collect(session.read!({ stream, syncMode: 'full_refresh' })));
  return out.map((r) => Number(r.id)).sort((a, b) => a - b);
}

describe('filters', () => {
  test.each([
    ['equality', { status: 'paid' }, [1, 2, 5]],
    ['IN list', { status: ['paid', 'shipped'] }, [1, 2, 3, 5]],
    ['empty IN list', { status: [] }, []],
    ['IS NULL via null', { note: null }, [1, 3, 5]],
    ['string comparison', { total: '>= 300' }, [2, 3, 4, 5]],
    ['object comparison', { total: { '>': 300, '<': 500 } }, [3]],
    ['!= string form', { status: '!= paid' }, [3, 4, 6]],
    ['<> object form', { status: { '<>': 'paid' } }, [3, 4, 6]],
    ['IS NOT NULL via {"!=": null}', { note: { '!=': null } }, [2, 4, 6]],
    ['IS NOT NULL via "!= null"', { note: '!= null' }, [2, 4, 6]],
    ['number equality', { id: 4 }, [4]],
    ['date comparison', { placed: '< 2024-01-03' }, [1, 2]],
    ['several columns are ANDed', { status: 'paid', total: { '>=': 300 } }, [2, 5]],
    ['a literal quote is a value', { status: "it's" }, [6]],
    ['a value starting with an operator uses the object form', { status: { '=': '>= 300' } }, []],
  ])('%s', async (_name, filters, expected) => {
    expect(await ids({ filters })).toEqual(expected);
  });

  test('an unknown operator is a ConfigError on `filters`', async () => {
    await expect(ids({ filters: { total: { '~~': 3 } } })).rejects.toMatchObject({ code: 'CONFIG_INVALID', parameter: 'filters', message: expect.stringContaining('unknown operator') });
  });

  test('an unknown column is a ConfigError with a suggestion', async () => {
    await expect(ids({ filters: { stauts: 'paid' } })).rejects.toMatchObject({ code: 'CONFIG_INVALID', parameter: 'filters', message: expect.stringContaining('did you mean "status"') });
  });

  test('filters apply to a custom query as a subquery', async () => {
    await using session = await open({ url: db.url, query: 'select id, total * 2 as doubled from orders', filters: { doubled: '> 900' } });
    const out = rows(await collect(session.read!({ stream: 'query', syncMode: 'full_refresh' })));
    expect(out.map((r) => r.id).sort()).toEqual([3, 4, 5]);
  });
});

describe('SQL injection attempts are rejected or inert', () => {
  const attacks = ["paid' or '1'='1", "paid'; drop table orders; --", "x') or true --", '$1', "\\'; select pg_sleep(10); --"];

  test.each(attacks)('filter value %p matches nothing and harms nothing', async (attack) => {
    expect(await ids({ filters: { status: attack } })).toEqual([]);
    expect(await ids({ filters: { status: [attack, 'shipped'] } })).toEqual([3]);
    const greater = await db.sql<Array<{ id: number }>>`select id from orders where status > ${attack} order by id`;
    expect(await ids({ filters: { status: { '>': attack } } })).toEqual(greater.map((r) => r.id));
    const [{ n }] = await db.sql`select count(*)::int as n from orders`;
    expect(n).toBe(6);
  });

  test('a filter column with SQL in its name is rejected', async () => {
    await expect(ids({ filters: { 'id = 1 or 1=1 --': 1 } })).rejects.toMatchObject({ code: 'CONFIG_INVALID', parameter: 'filters' });
  });

  test('a cursor field with SQL in its name is rejected', async () => {
    await using session = await open({ url: db.url, table: 'orders' });
    const read = session.read!({ stream: 'orders', syncMode: 'incremental', cursorField: 'id; drop table orders', watermark: { type: 'int', value: '0' } });
    await expect(collect(read)).rejects.toMatchObject({ code: 'CONFIG_INVALID', parameter: 'cursor_field' });
  });

  test.each(['orders; drop table orders', 'orders" where 1=1; --', "orders' --"])('table %p is not found, and orders survives', async (table) => {
    await using session = await open({ url: db.url, table });
    await expect(session.discover()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const [{ n }] = await db.sql`select count(*)::int as n from orders`;
    expect(n).toBe(6);
  });

  test('a watermark value is bound, not spliced', async () => {
    await using session = await open({ url: db.url, table: 'orders' });
    const read = session.read!({ stream: 'orders', syncMode: 'incremental', cursorField: 'status', watermark: { type: 'string', value: "z' or '1'='1" } });
    expect(rows(await collect(read))).toEqual([]);
  });

  test('identifiers with quotes and dots work when quoted', async () => {
    await using session = await open({ url: db.url, table: '"Weird ""Name"""' });
    const [stream] = await session.discover();
    expect(stream!.name).toBe('Weird "Name"');
    expect(rows(await collect(session.read!({ stream: stream!.name, syncMode: 'full_refresh' })))).toEqual([{ id: 42 }]);
  });
});

describe('stream names', () => {
  test('tables of the default schema are bare, others are schema.table', async () => {
    await using session = await open({ url: db.url, schemas: ['public', 'sales'] });
    const names = (await session.discover()).map((s) => s.name).sort();
    expect(names).toEqual(['Weird "Name"', 'orders', 'sales.orders']);
    expect(rows(await collect(session.read!({ stream: 'sales.orders', syncMode: 'full_refresh' })))).toEqual([{ id: 7 }]);
  });

  test('`schema` changes the default schema', async () => {
    await using session = await open({ url: db.url, schema: 'sales', table: 'orders' });
    const [stream] = await session.discover();
    expect(stream!.name).toBe('orders');
    expect(stream!.description).toBe('sales.orders');
  });

  test('an unknown stream is a NotFoundError with a suggestion', async () => {
    await using session = await open({ url: db.url });
    await expect(collect(session.read!({ stream: 'ordres', syncMode: 'full_refresh' }))).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('did you mean `orders`') });
  });
});

test('a filter on a char(n) column compares the whole value (bound as bpchar, not char(1))', async () => {
  await db.sql.unsafe(`create table fixed (code char(5), n int); insert into fixed values ('abcde', 1), ('a', 2), ('ab', 3)`);
  await using session = await open({ url: db.url, table: 'fixed', filters: { code: ['abcde', 'ab'] } });
  const got = rows(await collect(session.read!({ stream: 'fixed', syncMode: 'full_refresh' })));
  expect(got.map((r) => r.n).sort()).toEqual([1, 3]);
});
