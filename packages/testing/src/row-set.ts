import type { Schema } from 'apache-arrow';
import { ConformanceFailure, show } from './conformance-failure';
import { normalizeRow, type NormalizedRow } from './normalize-row';

/** A stable text for any normalized value (object keys sorted). */
export function stableText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableText).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj).sort().map((k) => `${JSON.stringify(k)}:${stableText(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

function keyOf(row: NormalizedRow, rowKey: readonly string[]): string {
  return stableText(rowKey.map((k) => row[k] ?? null));
}

function pick(row: NormalizedRow, columns: readonly string[]): NormalizedRow {
  const out: NormalizedRow = {};
  for (const c of columns) out[c] = row[c] ?? null;
  return out;
}

/**
 * Asserts that `actual` (rows from batches, already normalized) holds exactly `expected`
 * (rows as a test writes them), ignoring order. Rows are matched by `rowKey`; only the columns
 * an expected row names are compared, so a stream may carry extra columns (load metadata) the
 * test does not care about. Throws a `ConformanceFailure` listing missing, unexpected,
 * duplicated and differing rows.
 */
export function assertSameRows(
  check: string,
  actual: readonly NormalizedRow[],
  expected: ReadonlyArray<Readonly<Record<string, unknown>>>,
  rowKey: readonly string[],
  schema?: Schema,
): void {
  if (rowKey.length === 0) throw new ConformanceFailure(check, 'the harness `rowKey` is empty; name the column(s) that identify a row');
  const problems: string[] = [];
  const byKey = new Map<string, NormalizedRow>();
  for (const row of actual) {
    const missingKey = rowKey.filter((k) => !(k in row));
    if (missingKey.length > 0) {
      problems.push(`a row has no key column(s) ${missingKey.join(', ')}: ${show(row)}`);
      continue;
    }
    const key = keyOf(row, rowKey);
    if (byKey.has(key)) problems.push(`duplicate row for key ${key}: ${show(row)}`);
    byKey.set(key, row);
  }
  const seen = new Set<string>();
  for (const raw of expected) {
    const want = normalizeRow(raw, schema);
    const key = keyOf(want, rowKey);
    if (seen.has(key)) {
      problems.push(`the harness expects key ${key} twice; fix expectedRows()`);
      continue;
    }
    seen.add(key);
    const got = byKey.get(key);
    if (!got) {
      problems.push(`missing row ${key}: expected ${show(want)}`);
      continue;
    }
    const columns = Object.keys(want);
    const absent = columns.filter((c) => !(c in got));
    if (absent.length > 0) {
      problems.push(`row ${key} has no column(s) ${absent.join(', ')} (the stream schema lacks them)`);
      continue;
    }
    const gotPicked = pick(got, columns);
    const diffs = columns.filter((c) => stableText(gotPicked[c]) !== stableText(want[c]));
    if (diffs.length > 0) problems.push(`row ${key} differs in ${diffs.map((c) => `\`${c}\`: got ${show(gotPicked[c], 80)}, expected ${show(want[c], 80)}`).join('; ')}`);
  }
  for (const [key, row] of byKey) if (!seen.has(key)) problems.push(`unexpected row ${key}: ${show(row)}`);
  if (problems.length > 0) {
    const shown = problems.slice(0, 8).map((p) => `  - ${p}`).join('\n');
    const more = problems.length > 8 ? `\n  … and ${problems.length - 8} more` : '';
    throw new ConformanceFailure(check, `read returned ${actual.length} row(s), expected ${expected.length}; ${problems.length} problem(s):\n${shown}${more}`);
  }
}
