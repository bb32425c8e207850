// Keeps the README's parameter table equal to the one generated from the spec.
// To refresh it: SQLFLOW_UPDATE_README=1 npx jest test/csv-readme.spec.ts
import { join } from 'node:path';
import { csvSpec } from '@sqlflow/connector-csv';
import { readmeConfigTable } from '@sqlflow/testing';

it('README parameter table matches the spec', () => {
  const table = readmeConfigTable(join(__dirname, '..', 'README.md'), csvSpec, { update: process.env.SQLFLOW_UPDATE_README === '1' });
  expect(table.actual).toBe(table.expected);
});
