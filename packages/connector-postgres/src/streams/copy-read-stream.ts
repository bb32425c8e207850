import { AbortedError, type StreamBatch, TransientError, type WatermarkValue } from '@sqlflow/core';
import { type RecordBatch, Schema } from 'apache-arrow';
import type { Readable } from 'node:stream';
import { batchWatermark } from '../copy/batch-watermark';
import { BinaryCopyDecoder, type DecoderLimits } from '../copy/binary-copy-decoder';
import { columnBuilder } from '../copy/column-builders';
import type { PostgresClient, Sql } from '../postgres-client';
import { toSqlflowError } from '../postgres-errors';
import { streamChunks } from './copy-chunks';
import { arrayLiteral, SET_PARAMETERS_SQL } from '../sql/bound-parameters';
import type { ReadQuery } from '../sql/read-query';

/** What {@link readCopyStream} needs besides the query. */
export interface CopyReadOptions {
  readonly limits: DecoderLimits;
  /** For messages: "reading public.orders". */
  readonly action: string;
  readonly signal?: AbortSignal;
}

async function openCopy(client: PostgresClient, query: ReadQuery, options: CopyReadOptions): Promise<{ sql: Sql; stream: Readable }> {
  // connect + bind parameters + start COPY is one retried call
  return client.withDedicated(options.action, options.signal, async (sql) => {
    if (query.params.size > 0) {
      const { names, values } = query.params.entries();
      await sql.unsafe(SET_PARAMETERS_SQL, [arrayLiteral(names), arrayLiteral(values)]);
    }
    const stream = (await sql.unsafe(query.sql).readable()) as Readable;
    return { sql, stream };
  });
}

/**
 * Streams a planned read as Arrow batches: one dedicated connection runs
 * `COPY (SELECT ...) TO STDOUT (FORMAT binary)` and the bytes are decoded straight into Arrow
 * buffers, so memory stays at about one batch. For incremental reads (ordered by the cursor)
 * each batch carries the cursor value of its last row as the watermark. A connection lost
 * mid-read throws a retryable `TransientError`; the connection is closed in every case.
 */
export async function* readCopyStream(client: PostgresClient, query: ReadQuery, options: CopyReadOptions): AsyncGenerator<StreamBatch> {
  const schema = new Schema(query.mappings.map((m) => m.field));
  const decoder = new BinaryCopyDecoder(schema, query.mappings.map(columnBuilder), options.limits);
  const { sql, stream } = await openCopy(client, query, options);
  const onAbort = (): void => {
    stream.destroy(new AbortedError(undefined, { cause: options.signal?.reason }));
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const cursor = query.cursorIndex === undefined ? undefined : query.mappings[query.cursorIndex]!;
  let watermark: WatermarkValue | undefined;
  let completed = false;
  const emit = (batch: NonNullable<ReturnType<BinaryCopyDecoder['flush']>>): StreamBatch => {
    if (cursor) watermark = batchWatermark(batch.data.children[query.cursorIndex!]!, cursor) ?? watermark;
    return watermark ? { batch, watermark } : { batch };
  };
  try {
    try {
      for await (const chunks of streamChunks(stream)) {
        const ready: RecordBatch[] = [];
        for (const chunk of chunks) decoder.push(chunk, ready);
        for (const batch of ready) yield emit(batch);
      }
    } catch (error) {
      throw toSqlflowError(error, client.site(options.action));
    }
    if (options.signal?.aborted) throw new AbortedError(undefined, { cause: options.signal.reason });
    if (!decoder.done) {
      throw new TransientError(`postgres: the COPY stream ended before its end marker while ${options.action} on ${client.site().endpoint}; the read will be retried`);
    }
    const rest = decoder.flush();
    if (rest) yield emit(rest);
    completed = true;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    if (!completed) stream.destroy();
    await client.release(sql, !completed);
  }
}
