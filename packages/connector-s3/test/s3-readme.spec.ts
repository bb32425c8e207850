// Keeps the README's parameter table equal to the one generated from the spec.
// To refresh it: SQLFLOW_UPDATE_README=1 npx jest test/s3-readme.spec.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configTable, type ConnectorSpec } from '@sqlflow/core';
import { s3Spec } from '@sqlflow/connector-s3';

const README = join(__dirname, '..', 'README.md');
const START = '<!-- config-table:start (generated from s3Spec; see test/s3-readme.spec.ts) -->';
const END = '<!-- config-table:end -->';

it('README parameter table matches the spec', () => {
  const text = readFileSync(README, 'utf8');
  const from = text.indexOf(START);
  const to = text.indexOf(END);
  expect(from).toBeGreaterThanOrEqual(0);
  expect(to).toBeGreaterThan(from);
  const expected = `${START}\n${configTable(s3Spec as unknown as ConnectorSpec<unknown>)}\n${END}`;
  const actual = text.slice(from, to + END.length);
  if (actual !== expected && process.env.SQLFLOW_UPDATE_README === '1') {
    writeFileSync(README, text.slice(0, from) + expected + text.slice(to + END.length));
    return;
  }
  expect(actual).toBe(expected);
});
