import type { S3Calls } from '../s3-client';

/**
 * Uploads one object from chunks of bytes without holding it whole: up to `partSize` bytes
 * are buffered; an object that stays below goes up in one PUT, a larger one as a multipart
 * upload whose object appears only at `finish()`. `abort()` discards uploaded parts, so a
 * failed write leaves nothing under the key.
 */
export class S3Upload {
  private chunks: Uint8Array[] = [];
  private buffered = 0;
  private uploadId: string | undefined;
  private readonly etags: string[] = [];
  private total = 0;

  constructor(
    private readonly calls: S3Calls,
    readonly key: string,
    private readonly contentType: string,
    private readonly partSize: number,
    private readonly signal?: AbortSignal,
  ) {}

  /** Bytes written so far. */
  get bytes(): number {
    return this.total;
  }

  /** Whether the object goes up as a multipart upload. */
  get multipart(): boolean {
    return this.uploadId !== undefined;
  }

  async write(chunk: Uint8Array): Promise<void> {
    if (chunk.byteLength === 0) return;
    this.chunks.push(chunk);
    this.buffered += chunk.byteLength;
    this.total += chunk.byteLength;
    while (this.buffered >= this.partSize) await this.uploadPart(this.take(this.partSize));
  }

  /** Uploads what is left and makes the object visible under its key. */
  async finish(): Promise<void> {
    if (this.uploadId === undefined) {
      await this.calls.putObject(this.key, this.take(this.buffered), this.contentType, this.signal);
      return;
    }
    if (this.buffered > 0) await this.uploadPart(this.take(this.buffered));
    await this.calls.completeMultipart(this.key, this.uploadId, this.etags, this.signal);
    this.uploadId = undefined;
  }

  /** Discards a started multipart upload (best effort). */
  async abort(): Promise<void> {
    const id = this.uploadId;
    this.uploadId = undefined;
    this.chunks = [];
    if (id !== undefined) await this.calls.abortMultipart(this.key, id).catch(() => undefined);
  }

  private async uploadPart(body: Uint8Array): Promise<void> {
    this.uploadId ??= await this.calls.createMultipart(this.key, this.contentType, this.signal);
    this.etags.push(await this.calls.uploadPart(this.key, this.uploadId, this.etags.length + 1, body, this.signal));
  }

  private take(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let offset = 0;
    while (offset < n) {
      const head = this.chunks[0]!;
      const need = n - offset;
      if (head.byteLength <= need) {
        out.set(head, offset);
        offset += head.byteLength;
        this.chunks.shift();
      } else {
        out.set(head.subarray(0, need), offset);
        this.chunks[0] = head.subarray(need);
        offset += need;
      }
    }
    this.buffered -= n;
    return out;
  }
}
