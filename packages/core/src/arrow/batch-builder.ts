import { type Builder, type Data, DataType, makeBuilder, makeData, RecordBatch, type Schema, Struct } from 'apache-arrow';
import { coerceValue } from './coerce-value';
import { TimestampColumn } from './timestamp-column';

/** When a batch is full: whichever limit is reached first. */
export interface BatchLimits {
  /** Rows per batch (default 10,000). */
  readonly maxRows?: number;
  /** Approximate bytes per batch (default 16 MiB). */
  readonly maxBytes?: number;
}

/** Default rows per batch. */
export const DEFAULT_BATCH_ROWS = 10_000;
/** Default bytes per batch. */
export const DEFAULT_BATCH_BYTES = 16 * 1024 * 1024;

interface Column {
  append(value: unknown): void;
  flush(): Data;
}

class ArrowColumn implements Column {
  private readonly builder: Builder;
  constructor(
    private readonly type: DataType,
    private readonly name: string,
  ) {
    this.builder = makeBuilder({ type, nullValues: [null, undefined] });
  }
  append(value: unknown): void {
    this.builder.append(coerceValue(value, this.type, this.name));
  }
  flush(): Data {
    return this.builder.flush();
  }
}

function approxBytes(value: unknown): number {
  if (value === null || value === undefined) return 1;
  if (typeof value === 'string') return value.length + 4;
  if (value instanceof Uint8Array) return value.byteLength + 4;
  if (typeof value === 'object') return 64;
  return 8;
}

/**
 * Builds Arrow record batches from plain rows under a declared schema. `add` returns a full
 * batch when the row or byte high-water mark is reached; `flush` returns the rest. Values are
 * coerced to the field types (see `coerceValue`); a value that does not fit throws `DataError`
 * naming the column.
 *
 * @example
 * const b = new BatchBuilder(schema, { maxRows: 5000 });
 * for await (const row of rows) { const batch = b.add(row); if (batch) yield { batch }; }
 * const rest = b.flush(); if (rest) yield { batch: rest };
 */
export class BatchBuilder {
  private readonly columns: Column[];
  private readonly names: string[];
  private readonly maxRows: number;
  private readonly maxBytes: number;
  private rows = 0;
  private bytes = 0;

  constructor(
    readonly schema: Schema,
    limits: BatchLimits = {},
  ) {
    this.names = schema.fields.map((f) => f.name);
    this.columns = schema.fields.map((f) =>
      DataType.isTimestamp(f.type) ? new TimestampColumn(f.type, f.name) : new ArrowColumn(f.type, f.name),
    );
    this.maxRows = limits.maxRows ?? DEFAULT_BATCH_ROWS;
    this.maxBytes = limits.maxBytes ?? DEFAULT_BATCH_BYTES;
  }

  /** Rows waiting in the builder. */
  get pendingRows(): number {
    return this.rows;
  }

  /** Adds a row keyed by column name; missing keys are null. */
  add(row: Readonly<Record<string, unknown>>): RecordBatch | undefined {
    for (let i = 0; i < this.columns.length; i++) {
      const v = row[this.names[i]!];
      this.columns[i]!.append(v);
      this.bytes += approxBytes(v);
    }
    return this.rowAdded();
  }

  /** Adds a row given as values in schema order (faster for positional sources such as CSV). */
  addValues(values: ReadonlyArray<unknown>): RecordBatch | undefined {
    for (let i = 0; i < this.columns.length; i++) {
      const v = values[i];
      this.columns[i]!.append(v);
      this.bytes += approxBytes(v);
    }
    return this.rowAdded();
  }

  /** The rows added since the last batch, or undefined when there are none. */
  flush(): RecordBatch | undefined {
    if (this.rows === 0) return undefined;
    const children = this.columns.map((c) => c.flush());
    const data = makeData({ type: new Struct(this.schema.fields), length: this.rows, nullCount: 0, children });
    this.rows = 0;
    this.bytes = 0;
    return new RecordBatch(this.schema, data);
  }

  private rowAdded(): RecordBatch | undefined {
    this.rows++;
    return this.rows >= this.maxRows || this.bytes >= this.maxBytes ? this.flush() : undefined;
  }
}
