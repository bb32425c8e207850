import { TransientError } from '@sqlflow/core';
import { startFauxqsProcess } from './fauxqs-process';
import { type S3Fault, type S3LoggedRequest, S3RecordingProxy } from './s3-recording-proxy';

/**
 * A real S3-compatible server (fauxqs) for tests, on a free port of 127.0.0.1, behind a
 * recording front that logs every request and can answer with injected S3 errors.
 * Use path-style addressing (`forcePathStyle: true`) with any access key and secret.
 */
export interface S3TestServer extends AsyncDisposable {
  /** `http://127.0.0.1:<port>`: pass as the S3 client's endpoint. */
  readonly endpoint: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Every request received since start (or the last `clearLog()`), oldest first. */
  requestLog(): readonly S3LoggedRequest[];
  clearLog(): void;
  /** Answers the next matching request(s) with an S3 error, or cuts their body off mid-way. */
  injectFault(fault: S3Fault): void;
  clearFaults(): void;
  /** Creates a bucket (not logged). */
  createBucket(name: string): Promise<void>;
  /** Stops the server; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts an S3 test server.
 *
 * @example
 * const s3 = await startS3Server();
 * await s3.createBucket('data');
 * const client = new S3Client({ endpoint: s3.endpoint, region: s3.region, forcePathStyle: true,
 *   credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey } });
 * // ... s3.requestLog().filter((r) => r.method === 'GET')
 * await s3.stop();
 */
export async function startS3Server(): Promise<S3TestServer> {
  const backend = await startFauxqsProcess();
  const proxy = new S3RecordingProxy(backend.port);
  let port: number;
  try {
    port = await proxy.listen();
  } catch (e) {
    await backend.stop();
    throw e;
  }
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await proxy.close();
    await backend.stop();
  };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    accessKeyId: 'test-access-key',
    secretAccessKey: 'test-secret-key',
    requestLog: () => proxy.requests(),
    clearLog: () => proxy.clear(),
    injectFault: (fault) => proxy.inject(fault),
    clearFaults: () => proxy.clearFaults(),
    createBucket: async (name) => {
      const res = await fetch(`${backend.url}/${encodeURIComponent(name)}`, { method: 'PUT' });
      if (!res.ok) throw new TransientError(`S3 test server: creating bucket "${name}" failed with HTTP ${res.status}: ${await res.text()}`);
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
