import { postgresConnector } from '@sqlflow/connector-postgres';
import { describeConnectorConformance } from '@sqlflow/testing';
import postgres from 'postgres';
import { closedPort } from './support/refusing-server';
import { scratchDatabase, type ScratchDatabase } from './support/test-database';

const APP = `sqlflow_conformance_${process.pid}`;
let db: ScratchDatabase;
let port = 1;

const base = new Date('2024-06-01T00:00:00.000Z').getTime();
const expected = Array.from({ length: 25 }, (_, i) => ({
  id: i + 1,
  name: `item ${i + 1}`,
  price: (i + 1) * 1.25,
  updated_at: new Date(base + Math.floor(i / 2) * 60_000).toISOString(),
}));

describeConnectorConformance(postgresConnector, {
  async setup() {
    db = await scratchDatabase();
    port = await closedPort();
    await db.sql.unsafe(`
      create table items (id int8 primary key, name text not null, price float8, updated_at timestamptz not null);
      insert into items select g, 'item ' || g, g * 1.25, timestamptz '2024-06-01 00:00:00+00' + make_interval(mins => (g - 1) / 2) from generate_series(1, 25) g;
      create table big (id int8 primary key, pad text);
      insert into big select g, repeat('p', 50) from generate_series(1, 50000) g;
    `);
  },
  teardown: () => db.drop(),
  validParams: () => ({ url: db.url, application_name: APP, batch_size: 7 }),
  failingCheckParams: () => ({ host: '127.0.0.1', port, database: 'nothing', connect_timeout: 2 }),
  badParams: [
    { params: { host: 'localhost' }, parameter: 'database' },
    { params: { database: 'x', port: 'not a port' }, parameter: 'port' },
    { params: { database: 'x', sslmode: 'sometimes' }, parameter: 'sslmode' },
    { params: { database: 'x', sslmode: 'verify-full' }, parameter: 'sslrootcert' },
    { params: { database: 'x', table: 't', query: 'select 1' }, parameter: 'query' },
    { params: { database: 'x', sync_mode: 'incremental' }, parameter: 'cursor_field' },
  ],
  stream: 'items',
  rowKey: ['id'],
  expectedRows: () => expected,
  incremental: {
    params: { sync_mode: 'incremental', cursor_field: 'updated_at' },
    cursorField: 'updated_at',
    watermark: { type: 'timestamp', value: '2024-06-01T00:05:00.000000Z' },
    expectedRows: () => expected.filter((r) => r.updated_at >= '2024-06-01T00:05:00.000Z'),
  },
  largeStream: { params: { batch_size: 1000 }, stream: 'big' },
  async openResources() {
    const sql = postgres(db.url, { max: 1, onnotice: () => undefined });
    try {
      // give closed sockets a moment to be noticed by the server
      for (let i = 0; i < 50; i++) {
        const [{ n }] = await sql`select count(*)::int as n from pg_stat_activity where application_name = ${APP}`;
        if (n === 0 || i === 49) return n as number;
        await new Promise((r) => setTimeout(r, 20));
      }
      return 0;
    } finally {
      await sql.end();
    }
  },
});
