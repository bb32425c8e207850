import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run-cli';

// `sqlflow connectors list|spec|check|discover`, `state show|history|reset`, usage errors,
// --help and --version, each as a subprocess of the built CLI.

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sqlflow-cli-conn-'));
  writeFileSync(join(dir, 'people.csv'), 'id,name,updated_at\n1,Ada,2024-01-01T00:00:00Z\n2,Grace,2024-01-02T00:00:00Z\n');
  writeFileSync(
    join(dir, 'people.sf'),
    'SOURCE people TYPE CSV PARAMS { "path": "people.csv", "sync_mode": "incremental", "cursor_field": "updated_at", "primary_key": "id" };\nLOAD people FROM people MODE UPSERT KEY (id);\n',
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sqlflow connectors', () => {
  it('list names the built-in connectors', async () => {
    const r = await runCli(['connectors', 'list', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { name: string }[]).map((c) => c.name)).toContain('csv');
  });

  it('spec prints the parameter table from the JSON Schema', async () => {
    const r = await runCli(['connectors', 'spec', 'csv'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('| `delimiter` |');
    const json = await runCli(['connectors', 'spec', 'csv', '--json'], { cwd: dir });
    expect((JSON.parse(json.stdout) as { properties: Record<string, unknown> }).properties).toHaveProperty('path');
  });

  it('spec of an unknown type suggests the closest with exit 2', async () => {
    const r = await runCli(['connectors', 'spec', 'cvs'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('did you mean `csv`?');
  });

  it('check passes for a readable file and fails clearly for a missing one', async () => {
    const ok = await runCli(['connectors', 'check', 'csv', '--params', '{"path":"people.csv"}'], { cwd: dir });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('ok: csv connection works');
    const bad = await runCli(['connectors', 'check', 'csv', '-p', 'path=missing.csv'], { cwd: dir });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('missing.csv');
  });

  it('discover lists streams with their Arrow types', async () => {
    const r = await runCli(['connectors', 'discover', 'csv', '-p', 'path=people.csv', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    const [stream] = JSON.parse(r.stdout) as { name: string; columns: { name: string; type: string }[] }[];
    expect(stream!.name).toBe('people');
    expect(stream!.columns.map((c) => c.name)).toEqual(['id', 'name', 'updated_at']);
    expect(stream!.columns[0]!.type).toBe('Int64');
  });
});

describe('sqlflow state', () => {
  it('show, history and reset follow the runs', async () => {
    const before = await runCli(['state', 'show', 'people.sf'], { cwd: dir });
    expect(before.code).toBe(2);
    expect(before.stderr).toContain('run the pipeline first');

    expect((await runCli(['run', 'people.sf'], { cwd: dir })).code).toBe(0);
    const show = await runCli(['state', 'show', 'people.sf', '--json'], { cwd: dir });
    expect(show.code).toBe(0);
    const marks = (JSON.parse(show.stdout) as { watermarks: { value: { type: string; value: string } }[] }).watermarks;
    expect(marks).toHaveLength(1);
    expect(marks[0]!.value).toEqual({ type: 'timestamp', value: '2024-01-02T00:00:00.000000Z' });

    const history = await runCli(['state', 'history', 'people.sf'], { cwd: dir });
    expect(history.code).toBe(0);
    expect(history.stdout).toContain('succeeded');
    expect(history.stdout).toContain('people.people -> main.people [upsert]');

    const reset = await runCli(['state', 'reset', 'people.sf', '--stream', 'people'], { cwd: dir });
    expect(reset.code).toBe(0);
    expect(reset.stdout).toContain('removed 1 watermark(s)');
    const after = await runCli(['state', 'show', 'people.sf'], { cwd: dir });
    expect(after.stdout).toContain('no watermarks');
  });
});

describe('usage', () => {
  it('--version and --help exit 0; an unknown flag exits 2', async () => {
    const v = await runCli(['--version'], { cwd: dir });
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const h = await runCli(['run', '--help'], { cwd: dir });
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('--full-refresh');
    const bad = await runCli(['run', 'people.sf', '--no-such-flag'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown option');
  });
});
