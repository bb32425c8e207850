import type { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { type CallPolicy, isSqlflowError, TransientError } from '@sqlflow/core';
import type { S3Usage } from './cost/s3-usage';
import { type BodyPart, resumableBody } from './read/resumable-body';
import type { S3Options } from './s3-config';
import { mapS3Error, type S3Target } from './s3-errors';

/** One listed object. */
export interface S3Object {
  readonly key: string;
  readonly size: number;
  /** Milliseconds since the epoch. */
  readonly lastModified: number;
}

/** One ListObjectsV2 page. */
export interface S3ListPage {
  readonly objects: readonly S3Object[];
  /** Common prefixes (with `delimiter`), each ending in the delimiter. */
  readonly prefixes: readonly string[];
  readonly next: string | undefined;
}

/**
 * The S3 client configuration built from the connector's parameters. Retries are left to the
 * context's policy (`maxAttempts: 1`), so each attempt is visible, counted and typed.
 */
export function s3ClientConfig(options: S3Options): S3ClientConfig {
  return {
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    forcePathStyle: options.forcePathStyle,
    ...(options.credentials ? { credentials: options.credentials } : {}),
    maxAttempts: 1,
  };
}

/** Builds an `S3Client` from the connector's parameters. */
export function createS3Client(options: S3Options): S3Client {
  return new S3Client(s3ClientConfig(options));
}

/**
 * The S3 calls the connector makes, each through `policy.execute` (one call per attempt),
 * counted in `usage`, with errors mapped to typed SQLFlow errors.
 */
export class S3Calls {
  constructor(
    readonly client: S3Client,
    readonly bucket: string,
    private readonly policy: CallPolicy,
    readonly usage: S3Usage,
  ) {}

  /** One page of ListObjectsV2 under `prefix`. */
  listPage(prefix: string, options: { delimiter?: string; token?: string; maxKeys?: number; signal?: AbortSignal } = {}): Promise<S3ListPage> {
    return this.run({ bucket: this.bucket, key: prefix, operation: 'ListObjectsV2' }, options.signal, async (signal) => {
      this.usage.listRequests++;
      const out = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: prefix || undefined,
          Delimiter: options.delimiter,
          ContinuationToken: options.token,
          MaxKeys: options.maxKeys,
        }),
        { abortSignal: signal },
      );
      return {
        objects: (out.Contents ?? []).map((c) => ({ key: c.Key!, size: c.Size ?? 0, lastModified: c.LastModified?.getTime() ?? 0 })),
        prefixes: (out.CommonPrefixes ?? []).map((p) => p.Prefix!).filter(Boolean),
        next: out.IsTruncated ? out.NextContinuationToken : undefined,
      };
    });
  }

  /** Bytes `start..end-1` of an object (a ranged GET). */
  getRange(key: string, start: number, end: number, signal?: AbortSignal): Promise<Uint8Array> {
    return this.run({ bucket: this.bucket, key, operation: 'GetObject' }, signal, async (s) => {
      this.usage.getRequests++;
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: `bytes=${start}-${end - 1}` }), { abortSignal: s });
      const bytes = await out.Body!.transformToByteArray();
      this.usage.bytesDownloaded += bytes.byteLength;
      return bytes;
    });
  }

  /**
   * The body of an object as a stream. Each request is retried until its response starts; a
   * body that breaks off resumes with a ranged GET of the rest, pinned to the object's ETag
   * (see {@link resumableBody}).
   */
  getStream(key: string, signal?: AbortSignal): Promise<Readable> {
    return resumableBody((from, etag) => this.openBody(key, from, etag, signal), `s3://${this.bucket}/${key}`, {
      signal,
      onChunk: (bytes) => (this.usage.bytesDownloaded += bytes),
    });
  }

  /** One GET of the object from byte `from`, only if its ETag is still `etag` (when given). */
  private async openBody(key: string, from: number, etag: string | undefined, signal?: AbortSignal): Promise<BodyPart> {
    const target: S3Target = { bucket: this.bucket, key, operation: 'GetObject' };
    try {
      return await this.run(target, signal, async (s) => {
        this.usage.getRequests++;
        const out = await this.client.send(
          new GetObjectCommand({ Bucket: this.bucket, Key: key, ...(from > 0 ? { Range: `bytes=${from}-` } : {}), ...(etag ? { IfMatch: etag } : {}) }),
          { abortSignal: s },
        );
        return { body: out.Body as Readable, etag: out.ETag, size: out.ContentLength === undefined ? undefined : from + out.ContentLength };
      });
    } catch (error) {
      if (etag && isSqlflowError(error) && error.details['httpStatus'] === 412) {
        throw new TransientError(
          `s3: s3://${this.bucket}/${key} changed while it was being read (its ETag is no longer ${etag}); run again to read the new version`,
          { cause: error, retryable: false, details: error.details },
        );
      }
      throw error;
    }
  }

  /** Uploads an object in one PUT. */
  putObject(key: string, body: Uint8Array, contentType: string, signal?: AbortSignal): Promise<void> {
    return this.run({ bucket: this.bucket, key, operation: 'PutObject' }, signal, async (s) => {
      this.usage.putRequests++;
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }), { abortSignal: s });
      this.usage.bytesUploaded += body.byteLength;
    });
  }

  /** Starts a multipart upload and returns its id. */
  createMultipart(key: string, contentType: string, signal?: AbortSignal): Promise<string> {
    return this.run({ bucket: this.bucket, key, operation: 'CreateMultipartUpload' }, signal, async (s) => {
      this.usage.putRequests++;
      const out = await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key, ContentType: contentType }), { abortSignal: s });
      return out.UploadId!;
    });
  }

  /** Uploads one part and returns its ETag. */
  uploadPart(key: string, uploadId: string, partNumber: number, body: Uint8Array, signal?: AbortSignal): Promise<string> {
    return this.run({ bucket: this.bucket, key, operation: 'UploadPart' }, signal, async (s) => {
      this.usage.putRequests++;
      const out = await this.client.send(new UploadPartCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId, PartNumber: partNumber, Body: body }), { abortSignal: s });
      this.usage.bytesUploaded += body.byteLength;
      return out.ETag!;
    });
  }

  /** Completes a multipart upload: the object appears under its key only now. */
  completeMultipart(key: string, uploadId: string, etags: readonly string[], signal?: AbortSignal): Promise<void> {
    return this.run({ bucket: this.bucket, key, operation: 'CompleteMultipartUpload' }, signal, async (s) => {
      this.usage.putRequests++;
      await this.client.send(
        new CompleteMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) } }),
        { abortSignal: s },
      );
    });
  }

  /** Aborts a multipart upload, discarding its parts. */
  abortMultipart(key: string, uploadId: string): Promise<void> {
    return this.run({ bucket: this.bucket, key, operation: 'AbortMultipartUpload' }, undefined, async (s) => {
      this.usage.putRequests++;
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }), { abortSignal: s });
    });
  }

  private async run<T>(target: S3Target, signal: AbortSignal | undefined, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
    try {
      return await this.policy.execute(async ({ signal: attemptSignal }) => {
        try {
          return await call(attemptSignal);
        } catch (e) {
          throw mapS3Error(e, target);
        }
      }, signal);
    } catch (e) {
      throw mapS3Error(e, target);
    }
  }
}
