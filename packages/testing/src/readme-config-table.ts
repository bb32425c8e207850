import { readFileSync, writeFileSync } from 'node:fs';
import { configTable, type ConnectorSpec } from '@sqlflow/core';

const START = '<!-- config-table:start';
const END = '<!-- config-table:end -->';

/** The generated and the current parameter table of a README. */
export interface ReadmeConfigTable {
  readonly expected: string;
  readonly actual: string;
}

/**
 * Compares the parameter table between a README's `<!-- config-table:start ... -->` and
 * `<!-- config-table:end -->` markers with `configTable(spec)`; with `update`, rewrites the
 * README when they differ. Connector tests assert `actual` equals `expected`, so the docs can
 * never drift from the schema.
 *
 * @example
 * const t = readmeConfigTable(join(__dirname, '..', 'README.md'), csvSpec, { update: process.env.SQLFLOW_UPDATE_README === '1' });
 * expect(t.actual).toBe(t.expected);
 */
export function readmeConfigTable<T>(readmePath: string, spec: ConnectorSpec<T>, options: { update?: boolean } = {}): ReadmeConfigTable {
  const text = readFileSync(readmePath, 'utf8');
  const from = text.indexOf(START);
  const to = text.indexOf(END, from);
  if (from < 0 || to < 0) {
    throw new Error(`${readmePath} has no "${START} ... -->" / "${END}" markers around its parameter table`);
  }
  const startLine = text.slice(from, text.indexOf('-->', from) + 3);
  const expected = `${startLine}\n${configTable(spec)}\n${END}`;
  const actual = text.slice(from, to + END.length);
  if (actual !== expected && options.update) {
    writeFileSync(readmePath, text.slice(0, from) + expected + text.slice(to + END.length));
    return { expected, actual: expected };
  }
  return { expected, actual };
}
