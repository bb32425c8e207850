import { Readable } from 'node:stream';
import { AbortedError, isSqlflowError, TransientError } from '@sqlflow/core';

/** One GET response: its body, the object's ETag and the object's whole size. */
export interface BodyPart {
  readonly body: Readable;
  readonly etag: string | undefined;
  /** Bytes of the whole object (not of this part); undefined when the response did not say. */
  readonly size: number | undefined;
}

/**
 * Opens the object's body from byte `from` (a ranged GET when `from > 0`), pinned to `etag`
 * when given (`If-Match`); retried by the caller's policy until the response starts.
 */
export type OpenBody = (from: number, etag: string | undefined) => Promise<BodyPart>;

/** Resumes in a row that bring no new byte before the download is given up. */
const MAX_STALLED_RESUMES = 3;

/**
 * The body of an object as one stream that survives a dropped connection: when the body
 * breaks off (a network error, or an end before the object's size), the download resumes with
 * a ranged GET from the next byte, pinned to the first response's ETag so that every byte
 * comes from the same version of the object. A resume that brings nothing counts as stalled;
 * after {@link MAX_STALLED_RESUMES} of them, or on an error that is not transient, the stream
 * fails with it. `describe` names the object in messages. Bodies are read only when the
 * returned stream is, so nothing flows before its consumer is attached.
 */
export async function resumableBody(open: OpenBody, describe: string, options: BodyOptions = {}): Promise<Readable> {
  const first = await open(0, undefined);
  return Readable.from(chunks(first, open, describe, options), { objectMode: false });
}

/** Options of {@link resumableBody}. */
export interface BodyOptions {
  readonly signal?: AbortSignal;
  /** Called with the size of each chunk received (for usage counts). */
  readonly onChunk?: (bytes: number) => void;
}

async function* chunks(first: BodyPart, open: OpenBody, describe: string, { signal, onChunk }: BodyOptions): AsyncGenerator<Buffer> {
  let part = first;
  let offset = 0;
  let stalled = 0;
  let resumedAt = -1;
  try {
    for (;;) {
      try {
        for await (const chunk of part.body as AsyncIterable<Buffer>) {
          offset += chunk.length;
          onChunk?.(chunk.length);
          yield chunk;
        }
        if (first.size === undefined || offset >= first.size) return;
        throw new TransientError(`s3: the body of ${describe} ended after ${offset} of ${first.size} bytes`);
      } catch (error) {
        part.body.destroy();
        if (signal?.aborted) throw new AbortedError(`s3: reading ${describe} was aborted`, { cause: error });
        const transient = isSqlflowError(error) ? error.retryable : true;
        stalled = offset === resumedAt ? stalled + 1 : 0;
        if (!transient || stalled >= MAX_STALLED_RESUMES) {
          throw isSqlflowError(error)
            ? error
            : new TransientError(`s3: downloading ${describe} broke off after ${offset} bytes: ${(error as Error).message}`, { cause: error });
        }
      }
      resumedAt = offset;
      part = await open(offset, first.etag);
    }
  } finally {
    part.body.destroy();
  }
}
