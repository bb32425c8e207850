import { once } from 'node:events';
import { type Field, makeData, RecordBatch, Schema, Struct, Table, tableToIPC } from 'apache-arrow';
import { Compression, Table as WasmTable, transformParquetStream, WriterPropertiesBuilder } from 'parquet-wasm/node';
import type { FileFormat, TextCodec } from '../formats/format-detect';
import { compressStream } from '../formats/text-codec';
import { takeRows } from '../schema/batch-conform';
import { csvEncoder, jsonlEncoder, type TextEncoder } from './row-encoders';
import type { S3Upload } from './s3-upload';

/** Writes rows of batches into one object. */
export interface ObjectWriter {
  /** Writes `rows` of `batch` (all rows when undefined). */
  write(batch: RecordBatch, rows: readonly number[] | undefined): Promise<void>;
  finish(): Promise<void>;
  abort(): Promise<void>;
  readonly rows: number;
}

/** Parquet codecs by `compression` value (`auto` writes snappy). */
const PARQUET_CODECS: Readonly<Record<string, Compression>> = {
  auto: Compression.SNAPPY,
  snappy: Compression.SNAPPY,
  gzip: Compression.GZIP,
  zstd: Compression.ZSTD,
  none: Compression.UNCOMPRESSED,
};

/** Rows per Parquet row group written (bounds the writer's memory). */
export const WRITE_ROW_GROUP_ROWS = 122_880;

function project(batch: RecordBatch, fields: readonly Field[], rows: readonly number[] | undefined): RecordBatch {
  const source = rows ? takeRows(batch, rows) : batch;
  const schema = new Schema([...fields]);
  const children = fields.map((f) => source.getChild(f.name)!.data[0]!);
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: source.numRows, nullCount: 0, children }));
}

class TextObjectWriter implements ObjectWriter {
  rows = 0;
  private readonly compressor;
  private readonly pump: Promise<void> | undefined;
  private started = false;

  constructor(
    private readonly upload: S3Upload,
    private readonly encoder: TextEncoder,
    codec: TextCodec,
  ) {
    this.compressor = compressStream(codec);
    if (this.compressor) {
      const c = this.compressor;
      this.pump = (async () => {
        for await (const chunk of c as AsyncIterable<Buffer>) await upload.write(chunk);
      })();
      this.pump.catch(() => undefined);
    }
  }

  async write(batch: RecordBatch, rows: readonly number[] | undefined): Promise<void> {
    let text = this.encoder.encode(batch, rows);
    if (!this.started) {
      text = this.encoder.header() + text;
      this.started = true;
    }
    this.rows += rows ? rows.length : batch.numRows;
    await this.put(text);
  }

  async finish(): Promise<void> {
    if (!this.started) await this.put(this.encoder.header());
    if (this.compressor) {
      this.compressor.end();
      await this.pump;
    }
    await this.upload.finish();
  }

  async abort(): Promise<void> {
    this.compressor?.destroy();
    await this.pump?.catch(() => undefined);
    await this.upload.abort();
  }

  private async put(text: string): Promise<void> {
    if (!this.compressor) return this.upload.write(Buffer.from(text, 'utf8'));
    if (!this.compressor.write(text)) await once(this.compressor, 'drain');
  }
}

class ParquetObjectWriter implements ObjectWriter {
  rows = 0;
  private controller: ReadableStreamDefaultController<unknown> | undefined;
  private pump: Promise<void> | undefined;

  constructor(
    private readonly upload: S3Upload,
    private readonly fields: readonly Field[],
    private readonly codec: Compression,
  ) {}

  async write(batch: RecordBatch, rows: readonly number[] | undefined): Promise<void> {
    const part = project(batch, this.fields, rows);
    if (part.numRows === 0) return;
    await this.start();
    const wasm = WasmTable.fromIPCStream(tableToIPC(new Table([part]), 'stream'));
    for (const b of wasm.recordBatches()) this.controller!.enqueue(b);
    this.rows += part.numRows;
  }

  async finish(): Promise<void> {
    if (!this.pump) {
      // An empty result still gets a Parquet file with the columns.
      await this.start();
      const empty = WasmTable.fromIPCStream(tableToIPC(new Table(new Schema([...this.fields])), 'stream'));
      for (const b of empty.recordBatches()) this.controller!.enqueue(b);
    }
    this.controller!.close();
    await this.pump;
    await this.upload.finish();
  }

  async abort(): Promise<void> {
    try {
      this.controller?.error(new Error('aborted'));
    } catch {
      // already closed
    }
    await this.pump?.catch(() => undefined);
    await this.upload.abort();
  }

  private async start(): Promise<void> {
    if (this.pump) return;
    const input = new ReadableStream({ start: (c) => void (this.controller = c) });
    const props = new WriterPropertiesBuilder().setCompression(this.codec).setMaxRowGroupSize(WRITE_ROW_GROUP_ROWS).build();
    const upload = this.upload;
    // The writer waits for the first batch before it hands out its output: do not await it here.
    this.pump = transformParquetStream(input, props).then(async (output) => {
      for await (const chunk of output as unknown as AsyncIterable<Uint8Array>) await upload.write(chunk);
    });
    this.pump.catch(() => undefined);
  }
}

/** A writer of one object in `format`. */
export function objectWriter(upload: S3Upload, format: FileFormat, fields: readonly Field[], codec: string, options: { delimiter: string; header: boolean }): ObjectWriter {
  if (format === 'parquet') return new ParquetObjectWriter(upload, fields, PARQUET_CODECS[codec] ?? Compression.SNAPPY);
  const encoder = format === 'jsonl' || format === 'json' ? jsonlEncoder(fields) : csvEncoder(fields, options.delimiter, options.header);
  return new TextObjectWriter(upload, encoder, codec as TextCodec);
}

/** MIME type of a written object. */
export function contentTypeOf(format: FileFormat): string {
  return format === 'parquet' ? 'application/vnd.apache.parquet' : format === 'jsonl' || format === 'json' ? 'application/x-ndjson' : format === 'tsv' ? 'text/tab-separated-values' : 'text/csv';
}
