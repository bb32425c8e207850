import { BIGINT, type DuckDBAppender, DuckDBDataChunk, type DuckDBType } from '@duckdb/node-api';
import { copy_data_to_vector, data_chunk_get_vector, vector_size } from '@duckdb/node-bindings';
import { DataError, SchemaError } from '@sqlflow/core';
import type { RecordBatch } from 'apache-arrow';
import type { ColumnPlan } from './column-plan';

/**
 * Appends Arrow record batches to a DuckDB appender as data chunks: fixed-width buffers are
 * copied as memory, strings are passed as bytes, never one SQL statement or JS object per row.
 * With `sequence`, a trailing BIGINT column numbers the rows in arrival order.
 */
export class BatchAppender {
  private readonly types: DuckDBType[];
  private readonly vectorSize = vector_size();
  private nextSequence = 0n;
  private closed = false;

  constructor(
    private readonly appender: DuckDBAppender,
    private readonly plans: readonly ColumnPlan[],
    private readonly sequence: boolean,
  ) {
    this.types = plans.map((p) => p.chunkType);
    if (sequence) this.types.push(BIGINT);
  }

  /** Appends every row of `batch` (its columns must match the plans by name and order). */
  append(batch: RecordBatch): void {
    const columns = batch.data.children;
    const names = batch.schema.fields.map((f) => f.name);
    if (names.length !== this.plans.length || names.some((n, i) => n !== this.plans[i]!.name)) {
      throw new SchemaError(
        `A batch changed its columns mid-stream: expected (${this.plans.map((p) => p.name).join(', ')}), got (${names.join(', ')})`,
      );
    }
    for (let start = 0; start < batch.numRows; start += this.vectorSize) {
      const count = Math.min(this.vectorSize, batch.numRows - start);
      const chunk = DuckDBDataChunk.create(this.types, count);
      this.plans.forEach((plan, i) => {
        try {
          plan.write(data_chunk_get_vector(chunk.chunk, i), columns[i]!, start, count);
        } catch (error) {
          if (!(error instanceof DataError)) throw error;
          throw new DataError(`column \`${plan.name}\`: ${error.message}`, { cause: error, location: error.location });
        }
      });
      if (this.sequence) {
        const seq = new BigInt64Array(count);
        for (let i = 0; i < count; i++) seq[i] = this.nextSequence++;
        copy_data_to_vector(data_chunk_get_vector(chunk.chunk, this.plans.length), 0, seq.buffer, 0, seq.byteLength);
      }
      this.appender.appendDataChunk(chunk);
    }
  }

  /** Flushes and closes the appender (idempotent). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.appender.flushSync();
    this.appender.closeSync();
  }
}
