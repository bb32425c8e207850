// Every accepted parameter does what it says (the README table lists them).
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import { openConnector, resolveConfig } from '@sqlflow/core';
import { createS3Connector, s3Connector, s3Spec, type S3Session } from '@sqlflow/connector-s3';
import { collectRows } from '@sqlflow/testing';
import { fileContext, gz, parquetOf, put, seedClient, serverParams, startS3Server, type S3TestServer, tableFromArrays } from './s3-fixtures';

let s3: S3TestServer;
let client: S3Client;
const BUCKET = 'params';

beforeAll(async () => {
  s3 = await startS3Server();
  await s3.createBucket(BUCKET);
  client = seedClient(s3);
  for (let i = 0; i < 20; i++) await put(client, BUCKET, `many/f${String(i).padStart(2, '0')}.jsonl`, `{"i":${i}}\n`);
  await put(client, BUCKET, 'txt/a.txt', '{"x":1}\n');
  await put(client, BUCKET, 'txt/b.data', 'x;y\n1;2\n');
  await put(client, BUCKET, 'gzraw/a.log', gz('{"x":5}\n'));
  await put(client, BUCKET, 'nohdr/a.csv', '1,a\n2,b\n');
  await put(client, BUCKET, 'globs/2024-01/a.csv', 'v\n1\n');
  await put(client, BUCKET, 'globs/2024-02/a.csv', 'v\n2\n');
  await put(client, BUCKET, 'globs/2024-02/skip.json', '[]');
  const wide = tableFromArrays({ id: Int32Array.from({ length: 100_000 }, (_, i) => i), big: Float64Array.from({ length: 100_000 }, (_, i) => Math.sin(i)), other: Float64Array.from({ length: 100_000 }, (_, i) => Math.cos(i)) });
  await put(client, BUCKET, 'wide/w.parquet', parquetOf(wide));
  await put(client, BUCKET, 'drift/1.jsonl', '{"id":1,"a":"x"}\n');
  await put(client, BUCKET, 'drift/2.jsonl', '{"id":2,"b":true}\n');
  await put(client, BUCKET, 'conflict/1.jsonl', '{"id":1,"a":5}\n');
  await put(client, BUCKET, 'conflict/2.jsonl', '{"id":2,"a":"text"}\n');
});
afterAll(async () => {
  client?.destroy();
  await s3?.stop();
});

async function open(params: Record<string, unknown>): Promise<S3Session> {
  const { config } = resolveConfig('s3', s3Spec, serverParams(s3, BUCKET, params));
  return (await s3Connector.open(config, fileContext())) as S3Session;
}

async function rowsOf(params: Record<string, unknown>) {
  await using session = await open(params);
  return collectRows(session.read({ stream: session.streamName, syncMode: 'full_refresh' }));
}

describe('paths', () => {
  it('path_prefix and its legacy name prefix select objects', async () => {
    expect((await rowsOf({ path_prefix: 'many/' })).rows).toHaveLength(20);
    const { warnings } = resolveConfig('s3', s3Spec, { bucket: BUCKET, prefix: 'many/' });
    expect(warnings[0]!.message).toContain('`prefix` is a legacy name; use `path_prefix`');
    expect((await rowsOf({ prefix: 'many/' })).rows).toHaveLength(20);
  });

  it('path_pattern globs (one or a list) match keys below the prefix', async () => {
    expect((await rowsOf({ path_prefix: 'globs/', path_pattern: '2024-02/*.csv' })).rows.map((r) => r.v)).toEqual([2]);
    expect((await rowsOf({ path_prefix: 'globs/', path_pattern: ['2024-01/*.csv', '2024-02/*.csv'] })).rows.map((r) => r.v)).toEqual([1, 2]);
  });

  it('stream names the stream', async () => {
    await using session = await open({ path_prefix: 'many/', stream: 'events' });
    expect((await session.discover())[0]!.name).toBe('events');
  });
});

describe('formats', () => {
  it('file_format and its legacy name format read keys without a known extension', async () => {
    expect((await rowsOf({ path_prefix: 'txt/', path_pattern: '*.txt', file_format: 'jsonl' })).rows).toEqual([{ x: 1, _s3_last_modified: expect.any(String) }]);
    expect((await rowsOf({ path_prefix: 'txt/', path_pattern: '*.txt', format: 'jsonl' })).rows[0]!.x).toBe(1);
  });

  it('without file_format an unknown extension is a ConfigError naming file_format', async () => {
    await expect(rowsOf({ path_prefix: 'txt/', path_pattern: '*.txt' })).rejects.toMatchObject({ parameter: 'file_format' });
  });

  it('compression gzip decompresses keys without .gz', async () => {
    expect((await rowsOf({ path_prefix: 'gzraw/', file_format: 'jsonl', compression: 'gzip' })).rows[0]!.x).toBe(5);
  });

  it('csv_delimiter (legacy delimiter) splits fields', async () => {
    const { rows } = await rowsOf({ path_prefix: 'txt/', path_pattern: '*.data', file_format: 'csv', delimiter: ';' });
    expect(rows[0]).toMatchObject({ x: 1, y: 2 });
  });

  it('has_header false names columns column_1..n', async () => {
    const { rows } = await rowsOf({ path_prefix: 'nohdr/', has_header: false });
    expect(rows.map((r) => [r.column_1, r.column_2])).toEqual([[1, 'a'], [2, 'b']]);
  });

  it('parquet_columns reads only those columns and downloads only their chunks', async () => {
    await rowsOf({ path_prefix: 'wide/' });
    s3.clearLog();
    await using all = await open({ path_prefix: 'wide/' });
    await collectRows(all.read({ stream: 'wide', syncMode: 'full_refresh' }));
    const fullBytes = all.usage().bytesDownloaded;
    await using some = await open({ path_prefix: 'wide/', parquet_columns: ['id'] });
    const [stream] = await some.discover();
    expect(stream!.schema.fields.map((f) => f.name)).toEqual(['id', '_s3_last_modified']);
    const { rows } = await collectRows(some.read({ stream: 'wide', syncMode: 'full_refresh' }));
    expect(rows).toHaveLength(100_000);
    expect(rows[0]).not.toHaveProperty('big');
    // The two float columns are left on the server: well under half the bytes.
    expect(some.usage().bytesDownloaded).toBeLessThan(fullBytes / 2);
    expect(s3.requestLog().some((r) => r.range !== undefined)).toBe(true);
  });

  it('schema drift: columns are united, missing ones null; conflicting types fail naming both files', async () => {
    const { rows } = await rowsOf({ path_prefix: 'drift/' });
    expect(rows.map(({ id, a, b }) => ({ id, a, b }))).toEqual([{ id: 1, a: 'x', b: null }, { id: 2, a: null, b: true }]);
    await expect(rowsOf({ path_prefix: 'conflict/' })).rejects.toMatchObject({
      code: 'SCHEMA_MISMATCH',
      message: expect.stringMatching(/column `a` is Int64 in s3:\/\/params\/conflict\/1\.jsonl but Utf8 in s3:\/\/params\/conflict\/2\.jsonl/),
    });
  });
});

describe('client', () => {
  function captured(params: Record<string, unknown>): Promise<S3ClientConfig> {
    return new Promise((resolve, reject) => {
      const connector = createS3Connector({
        createClient: (config) => {
          resolve(config);
          return seedClient(s3);
        },
      });
      openConnector(connector, params, fileContext()).then((s) => s.close(), reject);
    });
  }

  it('region, endpoint_url, credentials (legacy access_key/secret_key), session_token and force_path_style reach the S3 client', async () => {
    const config = await captured({ bucket: 'b', region: 'eu-west-3', endpoint_url: 'http://127.0.0.1:9', access_key: 'AK', secret_key: 'SK', session_token: 'ST' });
    expect(config).toMatchObject({ region: 'eu-west-3', endpoint: 'http://127.0.0.1:9', forcePathStyle: true, credentials: { accessKeyId: 'AK', secretAccessKey: 'SK', sessionToken: 'ST' }, maxAttempts: 1 });
    expect(await captured({ bucket: 'b' })).toMatchObject({ region: 'us-east-1', forcePathStyle: false });
    expect(await captured({ bucket: 'b', endpoint_url: 'http://127.0.0.1:9', force_path_style: false })).toMatchObject({ forcePathStyle: false });
  });

  it('the built client addresses buckets by path or by host as force_path_style says', async () => {
    for (const style of [true, false]) {
      await using session = await open({ endpoint_url: s3.endpoint.replace('127.0.0.1', 'localhost'), force_path_style: style });
      let host = '';
      const sdk = (session as unknown as { calls: { client: S3Client } }).calls.client;
      sdk.middlewareStack.add((next) => async (args) => {
        host = (args.request as { hostname: string }).hostname;
        return next(args);
      }, { step: 'finalizeRequest' });
      await session.check().catch(() => undefined);
      expect(host).toBe(style ? 'localhost' : `params.localhost`);
    }
  });

  it('secret_access_key and session_token are redacted in configuration errors', () => {
    expect(() => resolveConfig('s3', s3Spec, { bucket: 'b', access_key_id: 'AK', secret_access_key: 'hunter2-secret', bogus: 'hunter2-secret' })).toThrow(/^(?!.*hunter2-secret)/s);
  });
});

describe('development and throughput controls', () => {
  it('dev_sampling reads a stable fraction of the files', async () => {
    const a = (await rowsOf({ path_prefix: 'many/', dev_sampling: 0.3 })).rows.map((r) => r.i);
    const b = (await rowsOf({ path_prefix: 'many/', dev_sampling: 0.3 })).rows.map((r) => r.i);
    expect(a.length).toBeGreaterThan(0);
    expect(a.length).toBeLessThan(20);
    expect(a).toEqual(b);
  });

  it('dev_max_files reads the first files only', async () => {
    expect((await rowsOf({ path_prefix: 'many/', dev_max_files: 3 })).rows.map((r) => r.i)).toEqual([0, 1, 2]);
  });

  it('batch_size bounds rows per batch', async () => {
    await using session = await open({ path_prefix: 'wide/', batch_size: 1000 });
    const sizes: number[] = [];
    for await (const { batch } of session.read({ stream: 'wide', syncMode: 'full_refresh' })) sizes.push(batch.numRows);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(100_000);
    expect(Math.max(...sizes)).toBe(1000);
  });

  it('parallel_workers keeps file order', async () => {
    const one = (await rowsOf({ path_prefix: 'many/', parallel_workers: 1 })).rows.map((r) => r.i);
    const eight = (await rowsOf({ path_prefix: 'many/', parallel_workers: 8 })).rows.map((r) => r.i);
    expect(one).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(eight).toEqual(one);
  });
});

describe('shared source parameters', () => {
  it('primary_key is reported by discover()', async () => {
    await using session = await open({ path_prefix: 'many/', primary_key: 'i' });
    expect((await session.discover())[0]!.primaryKey).toEqual(['i']);
  });

  it('sync_mode incremental with cursor_field _s3_last_modified and start_date reads objects modified since then', async () => {
    await using session = await open({ path_prefix: 'many/', sync_mode: 'incremental', cursor_field: '_s3_last_modified', start_date: '2999-01-01T00:00:00Z' });
    expect((await collectRows(session.read({ stream: 'many', syncMode: 'incremental' }))).rows).toHaveLength(0);
    await using from2000 = await open({ path_prefix: 'many/', sync_mode: 'incremental', cursor_field: '_s3_last_modified', start_date: '2000-01-01' });
    expect((await collectRows(from2000.read({ stream: 'many', syncMode: 'incremental' }))).rows).toHaveLength(20);
  });

  it('lookback_window moves the lower bound back', async () => {
    await using session = await open({ path_prefix: 'many/', sync_mode: 'incremental', cursor_field: 'i', lookback_window: 5 });
    const { rows } = await collectRows(session.read({ stream: 'many', syncMode: 'incremental', watermark: { type: 'int', value: '15' } }));
    expect(rows.map((r) => r.i)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
  });
});
