import { DataError } from '@sqlflow/core';
import { type Data, makeData, RecordBatch, type Schema, Struct } from 'apache-arrow';
import type { ColumnBuilder } from './column-builders';

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/** Batch limits of {@link BinaryCopyDecoder}. */
export interface DecoderLimits {
  readonly maxRows: number;
  readonly maxBytes: number;
}

/**
 * Turns the byte stream of `COPY ... TO STDOUT (FORMAT binary)` into Arrow record batches.
 * Feed chunks with {@link push}; each call returns the batches completed by that chunk (a
 * batch closes at `maxRows` rows or about `maxBytes` wire bytes). Tuples may span chunks.
 */
export class BinaryCopyDecoder {
  private pending: Buffer | undefined;
  private headerDone = false;
  private finished = false;
  private rows = 0;
  private bytes = 0;
  /** Rows decoded so far. */
  totalRows = 0;

  constructor(
    private readonly schema: Schema,
    private readonly builders: readonly ColumnBuilder[],
    private readonly limits: DecoderLimits,
  ) {}

  /** Decodes a chunk; returns the batches it completed, appended to `out` when given. */
  push(chunk: Buffer, out: RecordBatch[] = []): RecordBatch[] {
    let buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = undefined;
    let pos = 0;
    if (!this.headerDone) {
      if (buf.length < 19) {
        this.pending = buf;
        return out;
      }
      if (!buf.subarray(0, 11).equals(SIGNATURE)) throw new DataError('postgres: COPY output is not in binary format (bad signature)');
      const extension = buf.readInt32BE(15);
      if (buf.length < 19 + extension) {
        this.pending = buf;
        return out;
      }
      pos = 19 + extension;
      this.headerDone = true;
    }
    const columns = this.builders.length;
    const end = buf.length;
    while (pos + 2 <= end && !this.finished) {
      const fields = buf.readInt16BE(pos);
      if (fields === -1) {
        this.finished = true;
        pos += 2;
        break;
      }
      if (fields !== columns) throw new DataError(`postgres: COPY row has ${fields} fields, expected ${columns}`);
      // make sure the whole tuple is here before decoding any of it
      let p = pos + 2;
      let complete = true;
      for (let i = 0; i < columns; i++) {
        if (p + 4 > end) {
          complete = false;
          break;
        }
        const len = buf.readInt32BE(p);
        p += 4 + (len > 0 ? len : 0);
        if (p > end) {
          complete = false;
          break;
        }
      }
      if (!complete) break;
      const start = pos;
      p = pos + 2;
      for (let i = 0; i < columns; i++) {
        const len = buf.readInt32BE(p);
        p += 4;
        if (len < 0) this.builders[i]!.appendNull();
        else {
          this.builders[i]!.append(buf, p, len);
          p += len;
        }
      }
      pos = p;
      this.rows++;
      this.totalRows++;
      this.bytes += p - start;
      if (this.rows >= this.limits.maxRows || this.bytes >= this.limits.maxBytes) out.push(this.flushBatch());
    }
    if (pos < end && !this.finished) {
      buf = buf.subarray(pos);
      // copy the tail so the big chunk it came from can be collected
      this.pending = Buffer.from(buf);
    }
    return out;
  }

  /** The rows decoded since the last batch, or undefined. */
  flush(): RecordBatch | undefined {
    return this.rows > 0 ? this.flushBatch() : undefined;
  }

  /** Whether the COPY trailer was seen. */
  get done(): boolean {
    return this.finished;
  }

  private flushBatch(): RecordBatch {
    const children: Data[] = this.builders.map((b) => b.flush());
    const data = makeData({ type: new Struct(this.schema.fields), length: this.rows, nullCount: 0, children });
    this.rows = 0;
    this.bytes = 0;
    return new RecordBatch(this.schema, data);
  }
}
