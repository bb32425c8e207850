import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  loadPipeline,
  parsePipeline,
  PipelineSyntaxError,
  PipelineValidationError,
  type ResolvedCreateTable,
  type ResolvedExport,
  type ResolvedLoad,
  type ResolvedPipeline,
  type ResolvedSource,
  resolvePipeline,
  type ResolveOptions,
} from '@sqlflow/pipeline';

function resolve(text: string, options: ResolveOptions = {}): ResolvedPipeline {
  return resolvePipeline(parsePipeline(text, 'main.sf'), options);
}

function validationError(text: string, options: ResolveOptions = {}): PipelineValidationError {
  try {
    resolve(text, options);
  } catch (error) {
    expect(error).toBeInstanceOf(PipelineValidationError);
    return error as PipelineValidationError;
  }
  throw new Error('expected a validation error');
}

describe('resolvePipeline: variables', () => {
  const text = 'SET run_date = "${run_date|2024-01-01}";\nCREATE TABLE t AS SELECT \'${run_date}\' AS d;';
  const sqlOf = (p: ResolvedPipeline): string => (p.statements[0] as ResolvedCreateTable).sql;

  it('falls back to the default of the reference', () => {
    expect(sqlOf(resolve(text))).toBe("SELECT '2024-01-01' AS d");
  });

  it('applies precedence: command line > profile > SET > default', () => {
    const profile = { variables: { run_date: '2024-02-02' }, connections: {}, secrets: [] };
    expect(sqlOf(resolve(text, { profile }))).toBe("SELECT '2024-02-02' AS d");
    expect(sqlOf(resolve(text, { profile, variables: { run_date: '2024-03-03' } }))).toBe("SELECT '2024-03-03' AS d");
    expect(sqlOf(resolve('SET x = "set";\nCREATE TABLE t AS SELECT \'${x|default}\';'))).toBe("SELECT 'set'");
    expect(resolve(text, { variables: { run_date: '2024-03-03' } }).variables).toEqual({ run_date: '2024-03-03' });
  });

  it('applies SET in statement order', () => {
    const p = resolve('SET a = 1;\nCREATE TABLE t1 AS SELECT ${a};\nSET a = 2;\nCREATE TABLE t2 AS SELECT ${a};');
    expect(p.statements.map((s) => (s as ResolvedCreateTable).sql)).toEqual(['SELECT 1', 'SELECT 2']);
    expect(p.variables).toEqual({ a: 2 });
  });

  it('reads ${env.NAME} from the caller-supplied map and records the values as secrets', () => {
    const p = resolve('SOURCE s TYPE postgres PARAMS {"password": "${env.PGPASSWORD}", "user": "${env.PGUSER|etl}"};', { env: { PGPASSWORD: 's3cret-pass' } });
    expect((p.statements[0] as ResolvedSource).params).toEqual({ password: 's3cret-pass', user: 'etl' });
    expect(p.secrets).toEqual(['s3cret-pass']);
  });

  it('substitutes in PARAMS keys values, bare JSON values, names, paths and EXPORT destinations', () => {
    const p = resolve(
      [
        'SET n = 5; SET flag = true; SET env = "prod";',
        'SOURCE src_${env} TYPE CSV PARAMS {"path": "data/${env}.csv", "limit": ${n}, "header": ${flag}, "sep": ${sep|;}, "list": [${n}]};',
        'LOAD raw_${env} FROM src_${env} MODE UPSERT KEY (id);',
        'EXPORT SELECT * FROM raw_${env} TO "out/${env}.csv" OPTIONS {"header": true};',
      ].join('\n'),
    );
    const [source, load, exp] = p.statements as [ResolvedSource, ResolvedLoad, ResolvedExport];
    expect(source).toMatchObject({ name: 'src_prod', type: 'csv', params: { path: 'data/prod.csv', limit: 5, header: true, sep: ';', list: [5] } });
    expect(load).toMatchObject({ table: 'raw_prod', source: 'src_prod', mode: 'upsert', keys: ['id'] });
    expect(exp).toMatchObject({ sql: 'SELECT * FROM raw_prod', destination: 'out/prod.csv', type: 'csv', options: { header: true } });
  });

  it('reports every undefined variable at once, with position and a did-you-mean', () => {
    const error = validationError('SET run_day = "x";\nCREATE TABLE t AS SELECT \'${run_date}\';\nSOURCE s TYPE csv PARAMS {"p": "${env.NOPE}"};');
    expect(error.code).toBe('PIPELINE_INVALID');
    expect(error.diagnostics.map((d) => `${d.span!.line}:${d.span!.column}`)).toEqual(['2:27', '3:33']);
    expect(error.diagnostics[0]!.message).toContain('undefined variable ${run_date}');
    expect(error.diagnostics[0]!.message).toContain('did you mean ${run_day}?');
    expect(error.diagnostics[1]!.message).toContain('environment variable NOPE is not set');
    expect(error.message).toContain("main.sf:2:27: undefined variable ${run_date}");
    expect(error.message).toContain("  2 | CREATE TABLE t AS SELECT '${run_date}';\n    |                           ^^^^^^^^^^^");
  });

  it('infers the EXPORT type from the extension and asks for TYPE otherwise', () => {
    const p = resolve('EXPORT SELECT 1 TO "out/a.parquet";');
    expect((p.statements[0] as ResolvedExport).type).toBe('parquet');
    const error = validationError('EXPORT SELECT 1 TO "out/a.dat";');
    expect(error.diagnostics[0]!.message).toContain('EXPORT needs a TYPE');
  });

  it('resolves SOURCE FROM a profile connection with OPTIONS over its params', () => {
    const profile = { variables: {}, secrets: [], connections: { warehouse: { type: 'postgres', params: { host: 'db', table: 'a' } } } };
    const p = resolve('SOURCE o FROM "warehouse" OPTIONS {"table": "orders"};', { profile });
    expect(p.statements[0]).toMatchObject({ kind: 'source', type: 'postgres', connection: 'warehouse', params: { host: 'db', table: 'orders' } });
    const error = validationError('SOURCE o FROM "warehose";', { profile });
    expect(error.diagnostics[0]!.message).toBe('unknown connection "warehose"; did you mean "warehouse"? (the profile defines: warehouse)');
  });
});

describe('resolvePipeline: IF', () => {
  const pipeline = `IF \${env} == 'production' AND NOT \${dry|false} THEN
  CREATE TABLE t AS SELECT 'prod';
ElSe If \${env} = "staging" or \${count} >= 10 THEN
  CREATE TABLE t AS SELECT 'staging-or-many';
eLsE
  CREATE TABLE t AS SELECT \${never_defined_in_taken_branch|'dev'};
END IF;`;
  const pick = (variables: Record<string, string | number | boolean>): string => (resolve(pipeline, { variables }).statements[0] as ResolvedCreateTable).sql;

  it('takes the first branch whose condition holds', () => {
    expect(pick({ env: 'production', count: 0 })).toBe("SELECT 'prod'");
    expect(pick({ env: 'production', dry: true, count: 0 })).toBe("SELECT 'dev'");
    expect(pick({ env: 'staging', count: 0 })).toBe("SELECT 'staging-or-many'");
    expect(pick({ env: 'dev', count: '12' })).toBe("SELECT 'staging-or-many'");
    expect(pick({ env: 'dev', count: 9 })).toBe("SELECT 'dev'");
  });

  it('compares numbers numerically and text as text, with parentheses and bare names', () => {
    const take = (cond: string, variables: Record<string, string | number | boolean> = {}): boolean =>
      resolve(`IF ${cond} THEN CREATE TABLE t AS SELECT 1; END IF;`, { variables }).statements.length === 1;
    expect(take('10 > 9')).toBe(true);
    expect(take('"10" > "9"')).toBe(true);
    expect(take("'b' > 'a'")).toBe(true);
    expect(take("'2024-01-02' > '2024-01-01'")).toBe(true);
    expect(take('x <> 1', { x: '1.0' })).toBe(false);
    expect(take('(a OR b) AND NOT c', { a: false, b: 'true', c: 'no' })).toBe(true);
    expect(take('not (a or b)', { a: false, b: 0 })).toBe(true);
    expect(take('flag', { flag: 'off' })).toBe(false);
    expect(take('flag == TRUE', { flag: 'true' })).toBe(true);
    expect(take('-1 < 0')).toBe(true);
  });

  it('does not complain about undefined variables in branches not taken', () => {
    const p = resolve('IF false THEN CREATE TABLE t AS SELECT ${nope}; ELSE CREATE TABLE t AS SELECT 1; END IF;');
    expect((p.statements[0] as ResolvedCreateTable).sql).toBe('SELECT 1');
    expect(() => resolve('IF true THEN CREATE TABLE t AS SELECT ${nope}; END IF;')).toThrow(PipelineValidationError);
  });

  it('nests IF inside IF', () => {
    const p = resolve('IF true THEN IF false THEN SET a = 1; ELSE SET a = 2; END IF; END IF; CREATE TABLE t AS SELECT ${a};');
    expect((p.statements[0] as ResolvedCreateTable).sql).toBe('SELECT 2');
  });
});

describe('loadPipeline: INCLUDE', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sqlflow-include-'));
    mkdirSync(join(dir, 'pipelines', 'common'), { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('includes files relative to the including file, with its variables', () => {
    writeFileSync(join(dir, 'pipelines', 'main.sf'), 'SET region = "eu";\nINCLUDE "common/sources.sf";\nLOAD raw FROM src;');
    writeFileSync(join(dir, 'pipelines', 'common', 'sources.sf'), 'INCLUDE "../shared.sf";\nSOURCE src TYPE csv PARAMS {"path": "${region}.csv"};');
    writeFileSync(join(dir, 'pipelines', 'shared.sf'), 'SET shared = 1;');
    const p = loadPipeline(join(dir, 'pipelines', 'main.sf'));
    expect(p.statements.map((s) => s.kind)).toEqual(['source', 'load']);
    expect((p.statements[0] as ResolvedSource).params).toEqual({ path: 'eu.csv' });
    expect(p.statements[0]!.span.file).toBe(join(dir, 'pipelines', 'common', 'sources.sf'));
    expect(p.variables).toEqual({ region: 'eu', shared: 1 });
    expect(p.sources.size).toBe(3);
  });

  it('detects INCLUDE cycles and names the chain', () => {
    const main = join(dir, 'pipelines', 'main.sf');
    writeFileSync(main, 'INCLUDE "common/a.sf";');
    writeFileSync(join(dir, 'pipelines', 'common', 'a.sf'), 'SET a = 1;\nINCLUDE "b.sf";');
    writeFileSync(join(dir, 'pipelines', 'common', 'b.sf'), 'INCLUDE "../main.sf";');
    let error: unknown;
    try {
      loadPipeline(main);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PipelineValidationError);
    const d = (error as PipelineValidationError).diagnostics[0]!;
    const a = join(dir, 'pipelines', 'common', 'a.sf');
    const b = join(dir, 'pipelines', 'common', 'b.sf');
    expect(d.message).toBe(`INCLUDE cycle: ${main} -> ${a} -> ${b} -> ${main}; remove one of these INCLUDEs`);
    expect(d.span).toMatchObject({ file: b, line: 1, column: 9 });
  });

  it('reports a missing include at the INCLUDE, and syntax errors of included files with their file', () => {
    const main = join(dir, 'pipelines', 'main.sf');
    writeFileSync(main, 'INCLUDE "missing.sf";');
    expect(() => loadPipeline(main)).toThrow(/main\.sf:1:9: cannot read included file ".*missing\.sf" \(no such file\)/);
    writeFileSync(main, 'INCLUDE "common/bad.sf";');
    writeFileSync(join(dir, 'pipelines', 'common', 'bad.sf'), '\nLOAD t FORM s;');
    expect(() => loadPipeline(main)).toThrow(PipelineSyntaxError);
    expect(() => loadPipeline(main)).toThrow(/common\/bad\.sf:2:8: expected FROM after LOAD t, found "FORM"/);
  });

  it('uses an injected reader', () => {
    const files: Record<string, string> = { 'a.sf': 'INCLUDE "b.sf"; LOAD t FROM s;', 'b.sf': 'SOURCE s TYPE csv PARAMS {};' };
    const p = loadPipeline('a.sf', { readFile: (f) => files[f] ?? '' });
    expect(p.statements.map((s) => s.kind)).toEqual(['source', 'load']);
  });
});
