import { CreateMultipartUploadCommand, CompleteMultipartUploadCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import { startS3Server, type S3TestServer } from '@sqlflow/testing';

let s3: S3TestServer;
let client: S3Client;

beforeAll(async () => {
  s3 = await startS3Server();
  await s3.createBucket('tbucket');
  client = new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  client?.destroy();
  await s3?.stop();
});

it('listens on 127.0.0.1 and serves put, ranged get and paginated listing', async () => {
  expect(new URL(s3.endpoint).hostname).toBe('127.0.0.1');
  for (let i = 0; i < 5; i++) await client.send(new PutObjectCommand({ Bucket: 'tbucket', Key: `p/${i}.txt`, Body: `object-${i}` }));
  const got = await client.send(new GetObjectCommand({ Bucket: 'tbucket', Key: 'p/3.txt', Range: 'bytes=-3' }));
  expect(await got.Body!.transformToString()).toBe('t-3');
  const first = await client.send(new ListObjectsV2Command({ Bucket: 'tbucket', Prefix: 'p/', MaxKeys: 2 }));
  expect(first.Contents!.map((c) => c.Key)).toEqual(['p/0.txt', 'p/1.txt']);
  const second = await client.send(new ListObjectsV2Command({ Bucket: 'tbucket', Prefix: 'p/', MaxKeys: 2, ContinuationToken: first.NextContinuationToken }));
  expect(second.Contents!.map((c) => c.Key)).toEqual(['p/2.txt', 'p/3.txt']);
});

it('supports multipart upload', async () => {
  const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: 'tbucket', Key: 'mp.bin' }));
  const part1 = Buffer.alloc(5 * 1024 * 1024, 1);
  const a = await client.send(new UploadPartCommand({ Bucket: 'tbucket', Key: 'mp.bin', UploadId, PartNumber: 1, Body: part1 }));
  const b = await client.send(new UploadPartCommand({ Bucket: 'tbucket', Key: 'mp.bin', UploadId, PartNumber: 2, Body: Buffer.from('tail') }));
  await client.send(new CompleteMultipartUploadCommand({ Bucket: 'tbucket', Key: 'mp.bin', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: a.ETag }, { PartNumber: 2, ETag: b.ETag }] } }));
  const got = await client.send(new GetObjectCommand({ Bucket: 'tbucket', Key: 'mp.bin', Range: 'bytes=5242878-' }));
  expect(Buffer.from(await got.Body!.transformToByteArray())).toEqual(Buffer.from([1, 1, ...Buffer.from('tail')]));
});

it('logs requests with method, path, query and range', async () => {
  s3.clearLog();
  await client.send(new GetObjectCommand({ Bucket: 'tbucket', Key: 'p/1.txt', Range: 'bytes=0-1' }));
  await client.send(new ListObjectsV2Command({ Bucket: 'tbucket', Prefix: 'p/', Delimiter: '/' }));
  const log = s3.requestLog();
  expect(log).toHaveLength(2);
  expect(log[0]).toMatchObject({ method: 'GET', path: '/tbucket/p/1.txt', range: 'bytes=0-1' });
  expect(log[1]).toMatchObject({ method: 'GET', path: '/tbucket/', query: expect.objectContaining({ 'list-type': '2', prefix: 'p/', delimiter: '/' }) });
});

it('answers injected faults as S3 errors, then serves normally', async () => {
  s3.injectFault({ method: 'GET', pathPrefix: '/tbucket/p/', status: 503, code: 'SlowDown', times: 1 });
  const err = await client.send(new GetObjectCommand({ Bucket: 'tbucket', Key: 'p/1.txt' })).catch((e: unknown) => e);
  expect(err).toMatchObject({ name: 'SlowDown', $metadata: expect.objectContaining({ httpStatusCode: 503 }) });
  const ok = await client.send(new GetObjectCommand({ Bucket: 'tbucket', Key: 'p/1.txt' }));
  expect(await ok.Body!.transformToString()).toBe('object-1');
});

it('stop() is idempotent', async () => {
  const other = await startS3Server();
  await other.stop();
  await other.stop();
  await expect(fetch(other.endpoint)).rejects.toThrow();
});
