import { type Field, type RecordBatch, tableFromIPC } from 'apache-arrow';
import { ParquetFile } from 'parquet-wasm/node';
import { DataError, throwIfAborted } from '@sqlflow/core';
import type { S3Calls } from '../s3-client';
import { normalField } from '../schema/arrow-types';
import type { ObjectBytesCache } from './object-bytes-cache';

/** Objects up to this size are fetched whole in one GET. */
export const SMALL_OBJECT_BYTES = 1024 * 1024;
/** The tail fetched to read a Parquet footer in one GET (larger footers take one more). */
export const FOOTER_WINDOW_BYTES = 64 * 1024;

/** What parquet-wasm's async reader asks of a file: its size and byte ranges (a Blob's shape). */
interface RangeSource {
  readonly size: number;
  slice(start: number, end: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

function copyOut(bytes: Uint8Array, from: number, to: number): ArrayBuffer {
  const out = new Uint8Array(to - from);
  out.set(bytes.subarray(from, to));
  return out.buffer;
}

/**
 * The byte ranges of an S3 object as parquet-wasm reads them: each range is a ranged GET,
 * except the footer window (or a small object), fetched once and served from memory.
 */
function rangeSource(calls: S3Calls, key: string, size: number, cache: ObjectBytesCache, signal?: AbortSignal): RangeSource {
  const windowStart = size <= SMALL_OBJECT_BYTES ? 0 : Math.max(0, size - FOOTER_WINDOW_BYTES);
  let window: Promise<Uint8Array> | undefined;
  const cached = cache.get(key);
  if (cached && cached.start <= windowStart) window = Promise.resolve(cached.bytes.subarray(windowStart - cached.start));
  const windowBytes = (): Promise<Uint8Array> => {
    window ??= calls.getRange(key, windowStart, size, signal).then((bytes) => {
      cache.put(key, { start: windowStart, bytes });
      return bytes;
    });
    return window;
  };
  return {
    size,
    slice: (start, end) => ({
      arrayBuffer: async () => {
              if (start >= windowStart) return copyOut(await windowBytes(), start - windowStart, end - windowStart);
        return copyOut(await calls.getRange(key, start, end, signal), 0, end - start);
      },
    }),
  };
}

/** Opens a Parquet object for reading by row group (its footer is read now). */
export async function openParquet(calls: S3Calls, key: string, size: number, cache: ObjectBytesCache, signal?: AbortSignal): Promise<ParquetFile> {
  try {
    throwIfAborted(signal);
    // No signal inside the decoder: parquet-wasm cannot unwind a failed fetch mid-row-group,
    // so reads stop between row groups instead (see parquetBatches).
    return await ParquetFile.fromFile(rangeSource(calls, key, size, cache) as unknown as Blob);
  } catch (e) {
    throw asParquetError(e, `s3://${calls.bucket}/${key}`);
  }
}

/** The Arrow fields of an open Parquet file, normalised (see `normalField`). */
export function parquetFields(file: ParquetFile): Field[] {
  const schema = tableFromIPC(file.schema().intoIPCStream()).schema;
  return schema.fields.map(normalField);
}

/** Number of row groups of an open Parquet file. */
export function rowGroupCount(file: ParquetFile): number {
  return file.metadata().numRowGroups();
}

/**
 * Streams a Parquet file one row group at a time, each as Arrow batches of at most
 * `batchSize` rows; only the listed columns' chunks are fetched.
 */
export async function* parquetBatches(file: ParquetFile, location: string, columns: readonly string[] | undefined, batchSize: number, signal?: AbortSignal): AsyncGenerator<RecordBatch> {
  const groups = rowGroupCount(file);
  for (let g = 0; g < groups; g++) {
    throwIfAborted(signal);
    let stream: ReadableStream;
    try {
      stream = await file.stream({ rowGroups: [g], batchSize, ...(columns ? { columns: [...columns] } : {}) });
    } catch (e) {
      throw asParquetError(e, location);
    }
    const reader = stream.getReader() as { read(): Promise<{ done: boolean; value?: { intoIPCStream(): Uint8Array } }>; cancel(): Promise<void> };
    try {
      for (;;) {
        let next: { done: boolean; value?: { intoIPCStream(): Uint8Array } };
        try {
          next = await reader.read();
        } catch (e) {
          throw asParquetError(e, location);
        }
        if (next.done) break;
        const table = tableFromIPC(next.value!.intoIPCStream());
        for (const batch of table.batches) if (batch.numRows > 0) yield batch;
        throwIfAborted(signal);
      }
    } finally {
      // Cancelling parquet-wasm's stream mid-row-group traps its decoder; let the row group
      // (already fetched, bounded by its size) finish decoding instead.
      for (;;) {
        const rest = await reader.read().catch(() => ({ done: true }));
        if (rest.done) break;
      }
    }
  }
}

function asParquetError(e: unknown, location: string): unknown {
  if (typeof e === 'object' && e !== null && 'code' in e) return e;
  const text = e instanceof Error ? e.message : String(e);
  return new DataError(`s3: ${location} is not a readable Parquet file: ${text}`, { location, cause: e });
}
