import { DateDay, type DataType, Field, Int64, Utf8 } from 'apache-arrow';
import { parseDateDays } from '@sqlflow/core';
import type { PartitionValue } from './partition-path';

const INT = /^-?\d{1,18}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The type of a partition column: `int` when every value is an integer, `date` when every one is `YYYY-MM-DD`, else `string`. */
export type PartitionType = 'int' | 'date' | 'string';

/** Name of the derived column holding a partition's date (see `partitionDateOf`). */
export const PARTITION_DATE_COLUMN = '_partition_date';

/** The type that fits every value seen for a partition column. */
export function partitionTypeOf(values: Iterable<string | null>): PartitionType {
  let int = true;
  let date = true;
  for (const v of values) {
    if (v === null) continue;
    if (!INT.test(v)) int = false;
    if (!DATE.test(v) || Number.isNaN(Date.parse(v))) date = false;
  }
  return int ? 'int' : date ? 'date' : 'string';
}

/** The Arrow field of a partition column. */
export function partitionField(name: string, type: PartitionType): Field {
  const arrow: DataType = type === 'int' ? new Int64() : type === 'date' ? new DateDay() : new Utf8();
  return new Field(name, arrow, true);
}

/** A partition value as the Arrow builder takes it (bigint, days-as-Date, or text). */
export function partitionJsValue(value: string | null, type: PartitionType): bigint | Date | string | null {
  if (value === null) return null;
  if (type === 'int') return BigInt(value);
  if (type === 'date') return new Date(parseDateDays(value) * 86_400_000);
  return value;
}

/** Days since the epoch of a UTC calendar date. */
function days(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / 86_400_000);
}

/**
 * The date a partition stands for, in days since the epoch: `year`[/`month`[/`day`]] (a missing
 * month or day counts as the first), or the first partition whose value is a date. `latest`
 * gives the last day instead (for "could anything in this prefix be at or after X?").
 */
export function partitionDateOf(parts: readonly PartitionValue[], latest = false): number | undefined {
  const get = (c: string): number | undefined => {
    const v = parts.find((p) => p.column === c)?.value;
    return v !== null && v !== undefined && INT.test(v) ? Number(v) : undefined;
  };
  const year = get('year');
  if (year !== undefined) {
    const month = get('month');
    const day = get('day');
    if (!latest) return days(year, month ?? 1, day ?? 1);
    if (month === undefined) return days(year, 12, 31);
    if (day === undefined) return days(year, month + 1, 1) - 1;
    return days(year, month, day);
  }
  const dated = parts.find((p) => p.value !== null && DATE.test(p.value));
  return dated ? Math.floor(Date.parse(dated.value!) / 86_400_000) : undefined;
}
