import { ConfigError } from '@sqlflow/core';
import type { PartitionCondition } from '../s3-config';
import type { PartitionValue } from './partition-path';

const NUMBER = /^-?\d+(\.\d+)?$/;

/** Compares two partition values: numerically when both are numbers (`01` = 1), else as text. */
export function comparePartitionValues(a: string | number, b: string | number): number {
  const as = String(a);
  const bs = String(b);
  if (NUMBER.test(as) && NUMBER.test(bs)) return Number(as) - Number(bs);
  return as < bs ? -1 : as > bs ? 1 : 0;
}

/** Whether one partition value satisfies a `partition_filter` condition. */
export function conditionHolds(value: string | null, condition: PartitionCondition): boolean {
  if (value === null) return false;
  if (Array.isArray(condition)) return condition.some((c) => comparePartitionValues(value, c) === 0);
  if (typeof condition !== 'object') return comparePartitionValues(value, condition) === 0;
  const { gt, gte, lt, lte } = condition;
  return (
    (gt === undefined || comparePartitionValues(value, gt) > 0) &&
    (gte === undefined || comparePartitionValues(value, gte) >= 0) &&
    (lt === undefined || comparePartitionValues(value, lt) < 0) &&
    (lte === undefined || comparePartitionValues(value, lte) <= 0)
  );
}

/**
 * Whether partition values (all of a key's, or those of a prefix seen so far) pass the filter.
 * Columns the values do not mention pass: they are decided deeper down.
 */
export function partitionsPass(parts: readonly PartitionValue[], filter: Readonly<Record<string, PartitionCondition>> | undefined): boolean {
  if (!filter) return true;
  return parts.every((p) => filter[p.column] === undefined || conditionHolds(p.value, filter[p.column]!));
}

/** Throws `ConfigError` naming `partition_filter` when it names a column no listed key carries. */
export function assertFilterColumnsKnown(filter: Readonly<Record<string, PartitionCondition>> | undefined, columns: ReadonlySet<string>, anyFiles: boolean): void {
  if (!filter || !anyFiles) return;
  const unknown = Object.keys(filter).filter((c) => !columns.has(c));
  if (unknown.length > 0) {
    throw new ConfigError(
      `s3: \`partition_filter\` names ${unknown.map((c) => `\`${c}\``).join(', ')}, not a partition column of the listed keys; partition columns are ${[...columns].map((c) => `\`${c}\``).join(', ') || '(none)'}`,
      { connector: 's3', parameter: 'partition_filter' },
    );
  }
}
