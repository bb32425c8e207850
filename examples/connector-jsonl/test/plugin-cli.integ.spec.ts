import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The built `sqlflow` CLI resolves `TYPE JSONL` to this installed package
// (`sqlflow-connector-jsonl`), exactly as it would for a third-party connector from npm.
const cli = join(__dirname, '..', '..', '..', 'apps', 'cli', 'bin', 'sqlflow.js');
const project = join(__dirname, 'fixtures', 'project');

describe('third-party connector through the CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jsonl-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs a pipeline that names the connector by its short type', () => {
    const out = execFileSync(process.execPath, [cli, 'run', 'pipelines/events.sf', '--json', '--database', join(dir, 'events.duckdb')], { cwd: project, encoding: 'utf8' });
    const report = JSON.parse(out) as { status: string; steps: { id: string; rows?: number }[] };
    expect(report.status).toBe('succeeded');
    expect(report.steps.find((s) => s.id === 'load:events')?.rows).toBe(50);
    expect(report.steps.find((s) => s.id === 'sql:by_kind')?.rows).toBe(3);
  });

  it('shows its spec like a built-in one', () => {
    const out = execFileSync(process.execPath, [cli, 'connectors', 'spec', 'jsonl'], { cwd: project, encoding: 'utf8' });
    expect(out).toContain('| `path` | string | yes |');
    expect(out).toContain('`file`');
  });
});
