// Resilience: throttling and 5xx retried with backoff by the file preset; auth and missing buckets explained, not retried.
import type { S3Client } from '@aws-sdk/client-s3';
import { openConnector } from '@sqlflow/core';
import { s3Connector } from '@sqlflow/connector-s3';
import type { RetryEvent } from '@sqlflow/resilience';
import { collectRows } from '@sqlflow/testing';
import { fileContext, put, seedClient, serverParams, startS3Server, type S3TestServer, openS3Session } from './s3-fixtures';

let s3: S3TestServer;
let client: S3Client;
const BUCKET = 'errs';

beforeAll(async () => {
  s3 = await startS3Server();
  await s3.createBucket(BUCKET);
  client = seedClient(s3);
  await put(client, BUCKET, 'd/a.jsonl', '{"id":1}\n{"id":2}\n');
});
afterAll(async () => {
  client?.destroy();
  await s3?.stop();
});
afterEach(() => s3.clearFaults());

async function read(params: Record<string, unknown> = {}, retries: RetryEvent[] = []) {
  await using session = await openS3Session(s3, BUCKET, { path_prefix: 'd/', ...params }, fileContext(retries));
  return collectRows(session.read!({ stream: 'd', syncMode: 'full_refresh' }));
}

it.each([
  ['SlowDown', 503, 'RateLimitError'],
  ['ServiceUnavailable', 503, 'TransientError'],
  ['InternalError', 500, 'TransientError'],
])('%s (%i) on GetObject is retried with backoff and the read succeeds', async (code, status, errorName) => {
  const retries: RetryEvent[] = [];
  s3.injectFault({ method: 'GET', pathPrefix: `/${BUCKET}/d/a.jsonl`, status, code, times: 2 });
  const { rows } = await read({}, retries);
  expect(rows.map((r) => r.id)).toEqual([1, 2]);
  expect(retries).toHaveLength(2);
  expect((retries[0]!.error as Error).name).toBe(errorName);
});

it('SlowDown on listing is retried too', async () => {
  const retries: RetryEvent[] = [];
  s3.injectFault({ method: 'GET', queryParam: 'list-type', status: 503, code: 'SlowDown', times: 1 });
  const { rows } = await read({}, retries);
  expect(rows).toHaveLength(2);
  expect(retries).toHaveLength(1);
});

it('persistent throttling fails after the preset attempts with a RateLimitError', async () => {
  const retries: RetryEvent[] = [];
  s3.injectFault({ method: 'GET', pathPrefix: `/${BUCKET}/d/a.jsonl`, status: 503, code: 'SlowDown', times: 100 });
  await expect(read({}, retries)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
  expect(retries).toHaveLength(2);
});

it.each([
  ['AccessDenied', 'allow'],
  ['InvalidAccessKeyId', '`access_key_id`'],
  ['SignatureDoesNotMatch', '`secret_access_key`'],
])('%s is an AuthError naming what to check, not retried', async (code, hint) => {
  const retries: RetryEvent[] = [];
  s3.injectFault({ method: 'GET', status: 403, code, times: 1 });
  const error = await read({}, retries).catch((e: unknown) => e);
  expect(error).toMatchObject({ code: 'AUTH_FAILED', retryable: false, message: expect.stringContaining(hint) });
  expect(retries).toHaveLength(0);
});

it('a missing bucket is a ConfigError naming `bucket`, not retried', async () => {
  const retries: RetryEvent[] = [];
  const error = await (async () => {
    await using session = await openS3Session(s3, 'no-such-bucket', {}, fileContext(retries));
    await session.check();
  })().catch((e: unknown) => e);
  expect(error).toMatchObject({ code: 'CONFIG_INVALID', parameter: 'bucket', message: expect.stringContaining('`no-such-bucket` does not exist') });
  expect(retries).toHaveLength(0);
});

it('an unreachable endpoint is a TransientError (retried) that points at endpoint_url', async () => {
  const retries: RetryEvent[] = [];
  const error = await (async () => {
    await using session = await openConnector(s3Connector, { ...serverParams(s3, BUCKET), endpoint_url: 'http://127.0.0.1:1' }, fileContext(retries));
    await session.check();
  })().catch((e: unknown) => e);
  expect(error).toMatchObject({ code: 'TRANSIENT', message: expect.stringContaining('endpoint_url') });
  expect(retries.length).toBe(2);
});
