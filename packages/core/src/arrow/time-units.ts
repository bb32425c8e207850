import { TimeUnit } from 'apache-arrow';

/** A 64-bit Arrow time or timestamp value in `unit` as microseconds (nanoseconds truncated). */
export function toMicros(value: bigint, unit: TimeUnit): bigint {
  switch (unit) {
    case TimeUnit.SECOND:
      return value * 1_000_000n;
    case TimeUnit.MILLISECOND:
      return value * 1000n;
    case TimeUnit.NANOSECOND:
      return value / 1000n;
    default:
      return value;
  }
}
