import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configTable, defineSpec } from '@sqlflow/core';
import { readmeConfigTable } from '@sqlflow/testing';

const spec = defineSpec<{ path: string }>({
  schema: { type: 'object', required: ['path'], properties: { path: { type: 'string', description: 'A file' } } },
});

describe('readmeConfigTable', () => {
  const dir = mkdtempSync(join(tmpdir(), 'readme-'));
  const file = join(dir, 'README.md');
  const stale = '# x\n\n<!-- config-table:start (generated) -->\n| old |\n<!-- config-table:end -->\n\nmore text\n';

  it('reports a stale table and leaves the file alone', () => {
    writeFileSync(file, stale);
    const t = readmeConfigTable(file, spec);
    expect(t.actual).toContain('| old |');
    expect(t.expected).toContain(configTable(spec));
    expect(readFileSync(file, 'utf8')).toBe(stale);
  });

  it('rewrites only the table when asked to update', () => {
    writeFileSync(file, stale);
    const t = readmeConfigTable(file, spec, { update: true });
    expect(t.actual).toBe(t.expected);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(`<!-- config-table:start (generated) -->\n${configTable(spec)}\n<!-- config-table:end -->`);
    expect(text.endsWith('\nmore text\n')).toBe(true);
  });

  it('explains missing markers', () => {
    writeFileSync(file, '# no table\n');
    expect(() => readmeConfigTable(file, spec)).toThrow('has no "<!-- config-table:start');
  });
});
