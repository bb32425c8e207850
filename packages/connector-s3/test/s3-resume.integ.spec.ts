// A download that breaks off mid-body resumes with a ranged GET of the rest, pinned to the
// object's ETag: every row arrives exactly once, plain or compressed; if the object changed in
// between, the read fails and says so instead of splicing two versions.
import { randomBytes } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import { collectRows } from '@sqlflow/testing';
import { gz, put, seedClient, startS3Server, type S3TestServer, openS3Session } from './s3-fixtures';

let s3: S3TestServer;
let client: S3Client;
const BUCKET = 'resume';
const ROWS = 20_000;
// ~900 KB (~450 KB gzipped, random names): larger than the 256 KiB discovery samples, so the
// read streams the object.
const names = Array.from({ length: ROWS }, () => randomBytes(16).toString('hex'));
const csv = ['id,name,amount', ...names.map((name, i) => `${i},${name},${(i * 7) % 1000}.25`)].join('\n') + '\n';

beforeAll(async () => {
  s3 = await startS3Server();
  await s3.createBucket(BUCKET);
  client = seedClient(s3);
  await put(client, BUCKET, 'plain/orders.csv', csv);
  await put(client, BUCKET, 'packed/orders.csv.gz', gz(csv));
});
afterAll(async () => {
  client?.destroy();
  await s3?.stop();
});
afterEach(() => {
  s3.clearFaults();
  s3.clearLog();
});

async function read(prefix: string) {
  await using session = await openS3Session(s3, BUCKET, { path_prefix: prefix });
  return collectRows(session.read!({ stream: prefix.replace('/', ''), syncMode: 'full_refresh' }));
}

/** The GETs of `key` but discovery's sample (`bytes=0-...`): the whole-object GET and any resumes. */
function bodyGets(key: string) {
  return s3.requestLog().filter((r) => r.method === 'GET' && r.path === `/${BUCKET}/${key}` && !r.range?.startsWith('bytes=0-'));
}

it.each([
  ['plain/', 'plain/orders.csv', 100_000],
  ['packed/', 'packed/orders.csv.gz', 20_000],
])('%s: a body cut off mid-way resumes from the next byte and every row arrives once', async (prefix, key, cut) => {
  s3.injectFault({ method: 'GET', pathPrefix: `/${BUCKET}/${key}`, range: 'whole', cutAfterBytes: cut });
  const { rows } = await read(prefix);
  expect(rows).toHaveLength(ROWS);
  expect(rows.map((r) => Number(r.id))).toEqual(Array.from({ length: ROWS }, (_, i) => i));
  expect(rows.map((r) => r.name)).toEqual(names);
  const gets = bodyGets(key);
  // the whole-object GET, cut, then one resume from where it broke off
  expect(gets).toHaveLength(2);
  expect(gets[0]!.range).toBeUndefined();
  const from = Number(/^bytes=(\d+)-$/.exec(gets[1]!.range ?? '')?.[1]);
  expect(from).toBeGreaterThan(0);
  expect(from).toBeLessThanOrEqual(cut);
});

it('fails, naming the object, when it changed between the cut and the resume', async () => {
  const key = 'plain/orders.csv';
  s3.injectFault({ method: 'GET', pathPrefix: `/${BUCKET}/${key}`, range: 'whole', cutAfterBytes: 100_000 });
  // the resumed GET (ranged, from the cut) finds another ETag
  s3.injectFault({ method: 'GET', pathPrefix: `/${BUCKET}/${key}`, range: /^bytes=[1-9]\d*-$/, status: 412, code: 'PreconditionFailed' });
  await expect(read('plain/')).rejects.toThrow(`s3: s3://${BUCKET}/${key} changed while it was being read`);
});
