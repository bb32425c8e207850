import { type Data, makeData, type Timestamp, TimeUnit } from 'apache-arrow';
import { DataError } from '../errors/error-classes';
import { parseTimestampMicros } from '../watermark/timestamp';

const PER_MICRO: Record<TimeUnit, [bigint, bigint]> = {
  // [multiply, divide] to go from microseconds to the unit
  [TimeUnit.SECOND]: [1n, 1_000_000n],
  [TimeUnit.MILLISECOND]: [1n, 1000n],
  [TimeUnit.MICROSECOND]: [1n, 1n],
  [TimeUnit.NANOSECOND]: [1000n, 1n],
};

/**
 * Accumulates a timestamp column as 64-bit integers in the field's unit. Apache Arrow's own
 * builder takes milliseconds as a float and drops sub-millisecond digits; this keeps them.
 * Accepts `Date`, ISO-8601 strings (zone-less read as UTC), epoch milliseconds as a number, or
 * a bigint already in the field's unit.
 */
export class TimestampColumn {
  private values = new BigInt64Array(1024);
  private validity = new Uint8Array(128);
  private length = 0;
  private nulls = 0;

  constructor(
    readonly type: Timestamp,
    private readonly column: string,
  ) {}

  append(value: unknown): void {
    if (this.length === this.values.length) this.grow();
    if (value === null || value === undefined) {
      this.nulls++;
    } else {
      this.values[this.length] = this.toUnit(value);
      this.validity[this.length >> 3]! |= 1 << (this.length & 7);
    }
    this.length++;
  }

  flush(): Data<Timestamp> {
    const data = makeData({
      type: this.type,
      length: this.length,
      nullCount: this.nulls,
      data: this.values.slice(0, this.length),
      nullBitmap: this.nulls > 0 ? this.validity.slice(0, (this.length + 7) >> 3) : undefined,
    });
    this.values = new BigInt64Array(Math.max(1024, this.length));
    this.validity = new Uint8Array(this.values.length >> 3);
    this.length = 0;
    this.nulls = 0;
    return data;
  }

  private toUnit(value: unknown): bigint {
    const [mul, div] = PER_MICRO[this.type.unit];
    if (typeof value === 'bigint') return value;
    let micros: bigint;
    if (value instanceof Date) micros = BigInt(value.getTime()) * 1000n;
    else if (typeof value === 'number') micros = BigInt(Math.round(value * 1000));
    else if (typeof value === 'string') {
      try {
        micros = parseTimestampMicros(value);
      } catch (cause) {
        throw new DataError(`column \`${this.column}\`: cannot convert "${value}" to a timestamp`, { cause, details: { column: this.column } });
      }
    } else throw new DataError(`column \`${this.column}\`: cannot convert ${String(value)} to a timestamp`, { details: { column: this.column } });
    return (micros * mul) / div;
  }

  private grow(): void {
    const values = new BigInt64Array(this.values.length * 2);
    values.set(this.values);
    this.values = values;
    const validity = new Uint8Array(values.length >> 3);
    validity.set(this.validity);
    this.validity = validity;
  }
}
