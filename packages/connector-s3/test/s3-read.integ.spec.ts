import { collectRows } from '@sqlflow/testing';
import { gz, parquetOf, put, seedClient, startS3Server, type S3TestServer, tableFromArrays, openS3Session } from './s3-fixtures';
import type { S3Client } from '@aws-sdk/client-s3';

let s3: S3TestServer;
let client: S3Client;
const BUCKET = 'reads';

beforeAll(async () => {
  s3 = await startS3Server();
  await s3.createBucket(BUCKET);
  client = seedClient(s3);
  await put(client, BUCKET, 'csv/a.csv', 'id,name,score\n1,ann,1.5\n2,bob,2\n');
  await put(client, BUCKET, 'csv/b.csv.gz', gz('id,name,score\n3,cy,3.25\n'));
  await put(client, BUCKET, 'jsonl/x.jsonl', '{"id":1,"tags":["a"],"addr":{"city":"Oslo"}}\n{"id":2,"addr":{"city":"Rome"}}\n');
  await put(client, BUCKET, 'json/x.json', '[{"id":1,"v":"a"},\n {"id":2,"v":"b"}]');
  await put(client, BUCKET, 'pq/one.parquet', parquetOf(tableFromArrays({ id: Int32Array.from([1, 2, 3]), v: Float64Array.from([0.5, 1.5, 2.5]) })));
});
afterAll(async () => {
  client?.destroy();
  await s3?.stop();
});

async function readAll(params: Record<string, unknown>) {
  await using session = await openS3Session(s3, BUCKET, params);
  const [stream] = await session.discover();
  const out = await collectRows(session.read!({ stream: stream!.name, syncMode: 'full_refresh' }));
  return { ...out, schema: stream!.schema };
}

it('reads csv and gzip csv with inferred types', async () => {
  const { rows, schema } = await readAll({ path_prefix: 'csv/' });
  expect(rows.map((r) => [r.id, r.name, r.score])).toEqual([[1, 'ann', 1.5], [2, 'bob', 2], [3, 'cy', 3.25]]);
  expect(String(schema.fields.find((f) => f.name === 'id')!.type)).toBe('Int64');
});

it('reads jsonl (nested as JSON) and json arrays', async () => {
  const { rows } = await readAll({ path_prefix: 'jsonl/' });
  expect(rows[0]).toMatchObject({ id: 1, tags: ['a'], addr: { city: 'Oslo' } });
  const flat = await readAll({ path_prefix: 'jsonl/', json_flatten: true });
  expect(flat.rows[1]).toMatchObject({ id: 2, addr_city: 'Rome' });
  const arr = await readAll({ path_prefix: 'json/' });
  expect(arr.rows.map((r) => r.v)).toEqual(['a', 'b']);
});

it('reads parquet', async () => {
  const { rows } = await readAll({ path_prefix: 'pq/' });
  expect(rows.map((r) => r.v)).toEqual([0.5, 1.5, 2.5]);
});
