import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configTable } from '@sqlflow/core';
import { postgresSpec } from '@sqlflow/connector-postgres';

test('the README config table is the one generated from the spec', () => {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  expect(readme).toContain(configTable(postgresSpec));
});
