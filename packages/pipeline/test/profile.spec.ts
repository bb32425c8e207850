import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@sqlflow/core';
import { loadProfile, parsePipeline, resolvePipeline, type ResolvedSource } from '@sqlflow/pipeline';

describe('loadProfile', () => {
  let dir: string;
  const write = (name: string, text: string): void => writeFileSync(join(dir, 'profiles', name), text);
  const failure = (name: string, env: Record<string, string> = {}): ConfigError => {
    try {
      loadProfile({ projectDir: dir, name, env });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return error as ConfigError;
    }
    throw new Error('expected a ConfigError');
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sqlflow-profile-'));
    mkdirSync(join(dir, 'profiles'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loads the dev profile by default with engine path, variables, connections, log level and state', () => {
    write(
      'dev.yml',
      `engine:
  path: data/dev.duckdb
  memory_limit: 2GB
variables:
  region: eu
  batch: 100
  strict: true
connections:
  warehouse:
    type: POSTGRES
    params:
      host: localhost
      password: \${env.PGPASSWORD}
log_level: debug
state:
  store: postgres
  url: "postgres://sqlflow@\${env.PGHOST|localhost}/state"
`,
    );
    const p = loadProfile({ projectDir: dir, env: { PGPASSWORD: 'hunter22' } });
    expect(p).toMatchObject({
      name: 'dev',
      file: join(dir, 'profiles', 'dev.yml'),
      engine: { path: join(dir, 'data', 'dev.duckdb'), memoryLimit: '2GB', threads: undefined },
      variables: { region: 'eu', batch: 100, strict: true },
      connections: { warehouse: { type: 'postgres', params: { host: 'localhost', password: 'hunter22' } } },
      logLevel: 'debug',
      state: { store: 'postgres', url: 'postgres://sqlflow@localhost/state', schema: 'sqlflow' },
      secrets: ['hunter22'],
      warnings: [],
    });
  });

  it('accepts the legacy engines.duckdb shape, flat connections and ignores legacy sections with a warning', () => {
    write('prod.yaml', 'engines:\n  duckdb:\n    mode: persistent\n    path: /var/db.duckdb\nconnectors:\n  pg:\n    type: postgres\n    host: db\nlog_level: warning\nperformance:\n  batch_size: 10\n');
    const p = loadProfile({ projectDir: dir, name: 'prod' });
    expect(p.engine.path).toBe('/var/db.duckdb');
    expect(p.connections).toEqual({ pg: { type: 'postgres', params: { host: 'db' } } });
    expect(p.logLevel).toBe('warn');
    expect(p.warnings[0]).toContain('`performance` is not used');
    write('mem.yml', 'engines:\n  duckdb:\n    mode: memory\n');
    expect(loadProfile({ projectDir: dir, name: 'mem' }).engine.path).toBe(':memory:');
  });

  it('defaults to an in-memory database, info logs and the DuckDB state store', () => {
    write('dev.yml', '');
    expect(loadProfile({ projectDir: dir })).toMatchObject({ engine: { path: ':memory:' }, logLevel: 'info', state: { store: 'duckdb' }, variables: {}, connections: {} });
  });

  it('reports every problem at once, naming the file and each key', () => {
    write('bad.yml', 'varaibles: {}\nengine: { path: 3 }\nconnections:\n  pg: { params: {} }\nlog_level: loud\nstate: { store: redis }\nvariables:\n  nested: { a: 1 }\n');
    const e = failure('bad');
    const file = join(dir, 'profiles', 'bad.yml');
    expect(e.message).toContain(`${file}: 6 problems:`);
    expect(e.message).toContain('`varaibles`: unknown setting; did you mean `variables`?');
    expect(e.message).toContain('`engine.path`: must be a file path or ":memory:"');
    expect(e.message).toContain('`variables.nested`: must be a string, number or boolean');
    expect(e.message).toContain('`connections.pg.type`: is required');
    expect(e.message).toContain('`log_level`: must be one of debug, info, warn, error; got `loud`');
    expect(e.message).toContain('`state.store`: must be `duckdb` or `postgres`, not `redis`');
    expect(e.parameter).toBe('varaibles');
  });

  it('names unset environment variables with the key that uses them', () => {
    write('dev.yml', 'connections:\n  pg:\n    type: postgres\n    params:\n      password: ${env.PGPASSWORD}\n');
    expect(failure('dev').message).toContain('`connections.pg.params.password`: environment variable PGPASSWORD is not set');
  });

  it('reports YAML syntax errors with their position and a missing profile with the available ones', () => {
    write('dev.yml', 'variables:\n  a: [1, 2\n');
    expect(failure('dev').message).toMatch(/dev\.yml:\d+:\d+: invalid YAML/);
    write('prod.yml', '');
    expect(failure('prd').message).toContain('profile "prd" not found');
    expect(failure('prd').message).toContain('did you mean "prod"?');
  });

  it('feeds a pipeline: profile variables override SET, connections serve SOURCE FROM', () => {
    write('dev.yml', 'variables:\n  table: customers\nconnections:\n  pg:\n    type: postgres\n    params: { host: db, password: "${env.PW}" }\n');
    const profile = loadProfile({ projectDir: dir, env: { PW: 'topsecret' } });
    const pipeline = resolvePipeline(parsePipeline('SET table = "orders";\nSOURCE s FROM "pg" OPTIONS {"table": "${table}"};', 'p.sf'), { profile });
    expect((pipeline.statements[0] as ResolvedSource).params).toEqual({ host: 'db', password: 'topsecret', table: 'customers' });
    expect(pipeline.secrets).toContain('topsecret');
  });
});
