// The SQLFlow connector conformance suite against a real S3-compatible server.
import type { S3Client } from '@aws-sdk/client-s3';
import { s3Connector } from '@sqlflow/connector-s3';
import { describeConnectorConformance } from '@sqlflow/testing';
import { fileContext, parquetOf, put, seedClient, serverParams, startS3Server, type S3TestServer, tableFromArrays } from './s3-fixtures';

let s3: S3TestServer | undefined;
let client: S3Client | undefined;
const BUCKET = 'conformance';
const rows = Array.from({ length: 40 }, (_, i) => ({
  id: i + 1,
  customer: `customer "${i % 7}", inc.`,
  total: Math.round((i + 1) * 12.5) / 10,
  // Deliberately not sorted by the cursor.
  updated_at: `2024-01-${String(1 + ((i * 7) % 28)).padStart(2, '0')}T08:00:00.000000Z`,
}));
const jsonl = (list: typeof rows): string => list.map((r) => JSON.stringify(r)).join('\n') + '\n';

describeConnectorConformance(s3Connector, {
  setup: async () => {
    s3 = await startS3Server();
    await s3.createBucket(BUCKET);
    client = seedClient(s3);
    await put(client, BUCKET, 'orders/part-1.jsonl', jsonl(rows.slice(0, 25)));
    await put(client, BUCKET, 'orders/part-2.jsonl', jsonl(rows.slice(25)));
    const t = tableFromArrays({ n: Float64Array.from({ length: 5000 }, (_, i) => i) });
    for (let i = 0; i < 4; i++) await put(client, BUCKET, `big/p${i}.parquet`, parquetOf(t, undefined, 1000));
  },
  teardown: async () => {
    client?.destroy();
    await s3?.stop();
  },
  context: () => fileContext(),
  validParams: () => serverParams(s3!, BUCKET, { path_prefix: 'orders/', primary_key: 'id' }),
  failingCheckParams: () => serverParams(s3!, 'missing-bucket'),
  badParams: [
    { params: {}, parameter: 'bucket' },
    { params: { bucket: 'b', file_format: 'xml' }, parameter: 'file_format' },
    { params: { bucket: 'b', compression: 'lz4' }, parameter: 'compression' },
    { params: { bucket: 'b', file_format: 'csv', compression: 'snappy' }, parameter: 'compression' },
    { params: { bucket: 'b', access_key_id: 'AK' }, parameter: 'secret_access_key' },
    { params: { bucket: 'b', dev_sampling: 1.5 }, parameter: 'dev_sampling' },
    { params: { bucket: 'b', cost_limit_usd: -1 }, parameter: 'cost_limit_usd' },
    { params: { bucket: 'b', endpoint_url: 'localhost:9000' }, parameter: 'endpoint_url' },
    { params: { bucket: 'b', partition_filter: { year: { between: 1 } } }, parameter: 'partition_filter' },
    { params: { bucket: 'b', sync_mode: 'incremental' }, parameter: 'cursor_field' },
  ],
  stream: 'orders',
  rowKey: ['id'],
  expectedRows: () => rows,
  incremental: {
    params: { sync_mode: 'incremental', cursor_field: 'updated_at', batch_size: 7 },
    cursorField: 'updated_at',
    watermark: { type: 'timestamp', value: '2024-01-15T08:00:00.000000Z' },
    expectedRows: () => rows.filter((r) => r.updated_at >= '2024-01-15T08:00:00.000000Z'),
  },
  largeStream: { params: { path_prefix: 'big/', batch_size: 500, parallel_workers: 2 }, stream: 'big' },
});
