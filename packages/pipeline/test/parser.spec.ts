import {
  type CreateTableStatement,
  type ExportStatement,
  type IfStatement,
  type LoadStatement,
  parsePipeline,
  PipelineSyntaxError,
  type SetStatement,
  type SourceStatement,
  type Statement,
  templateSource,
} from '@sqlflow/pipeline';

function only<T extends Statement>(text: string): T {
  const program = parsePipeline(text, 'test.sf');
  expect(program.statements).toHaveLength(1);
  return program.statements[0] as T;
}

function syntaxError(text: string, file = 'test.sf'): PipelineSyntaxError {
  try {
    parsePipeline(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(PipelineSyntaxError);
    return error as PipelineSyntaxError;
  }
  throw new Error('expected a syntax error');
}

const EXAMPLE = `SET run_date = "\${run_date|2024-01-01}";
SOURCE orders TYPE POSTGRES PARAMS {
  "host": "localhost", "database": "shop", "username": "etl", "password": "\${env.PGPASSWORD}",
  "table": "orders", "sync_mode": "incremental", "cursor_field": "updated_at",
  "primary_key": ["id"]
};
LOAD orders_raw FROM orders MODE UPSERT KEY (id);
CREATE OR REPLACE TABLE daily AS SELECT date_trunc('day', updated_at) AS day, sum(total) AS revenue
  FROM orders_raw GROUP BY 1;
EXPORT SELECT * FROM daily TO "output/daily_\${run_date}.parquet" TYPE PARQUET OPTIONS {};
`;

describe('parsePipeline: statements', () => {
  it('parses the reference pipeline into typed statements with positions', () => {
    const program = parsePipeline(EXAMPLE, 'orders.sf');
    expect(program.statements.map((s) => s.kind)).toEqual(['set', 'source', 'load', 'create_table', 'export']);
    const source = program.statements[1] as SourceStatement;
    expect(source.span).toMatchObject({ file: 'orders.sf', line: 2, column: 1, offset: EXAMPLE.indexOf('SOURCE') });
    expect(source.connector.kind).toBe('type');
    if (source.connector.kind !== 'type') return;
    expect(templateSource(source.connector.type)).toBe('POSTGRES');
    const keys = source.connector.params!.entries.map((e) => e.key);
    expect(keys).toEqual(['host', 'database', 'username', 'password', 'table', 'sync_mode', 'cursor_field', 'primary_key']);
    const password = source.connector.params!.entries[3]!.value;
    expect(password.kind).toBe('string');
    const line3 = EXAMPLE.split('\n')[2]!;
    if (password.kind === 'string') expect(password.value.parts[0]).toMatchObject({ name: 'env.PGPASSWORD', defaultValue: undefined, span: { line: 3, column: line3.indexOf('${') + 1 } });
    const create = program.statements[3] as CreateTableStatement;
    expect(create.orReplace).toBe(true);
    expect(templateSource(create.query)).toBe("SELECT date_trunc('day', updated_at) AS day, sum(total) AS revenue\n  FROM orders_raw GROUP BY 1");
    const exp = program.statements[4] as ExportStatement;
    expect(templateSource(exp.query)).toBe('SELECT * FROM daily');
    expect(templateSource(exp.destination)).toBe('output/daily_${run_date}.parquet');
    expect(exp.options?.entries).toEqual([]);
  });

  it('reads SOURCE ... FROM "connection" OPTIONS {...}', () => {
    const s = only<SourceStatement>('source o from "warehouse" options { "table": "orders" }');
    expect(s.connector).toMatchObject({ kind: 'connection', connection: { parts: ['warehouse'] } });
    if (s.connector.kind === 'connection') expect(s.connector.options?.entries[0]?.key).toBe('table');
  });

  it.each([
    ['LOAD t FROM s', 'replace', []],
    ['LOAD t FROM s MODE REPLACE', 'replace', []],
    ['LOAD t FROM s MODE append', 'append', []],
    ['LOAD t FROM s MODE UPSERT KEY (id)', 'upsert', ['id']],
    ['LOAD t FROM s MODE UPSERT KEY (a, b)', 'upsert', ['a', 'b']],
    ['LOAD t FROM s MODE UPSERT KEY a, b', 'upsert', ['a', 'b']],
    ['LOAD t FROM s MODE UPSERT', 'upsert', []],
    ['LOAD t FROM s MERGE MERGE_KEYS id, region', 'upsert', ['id', 'region']],
    ['LOAD t FROM s MODE MERGE MERGE_KEYS (id)', 'upsert', ['id']],
    ['LOAD t FROM s MODE MERGE MERGE_KEYS id', 'upsert', ['id']],
    ['load t from s mode merge merge_keys (a,b)', 'upsert', ['a', 'b']],
  ])('LOAD form %s', (text, mode, keys) => {
    const l = only<LoadStatement>(`${text};`);
    expect(l.mode).toBe(mode);
    expect(l.keys.map(templateSource)).toEqual(keys);
  });

  it('accepts qualified table names and variables in names', () => {
    const l = only<LoadStatement>('LOAD staging.${prefix}_orders FROM src;');
    expect(templateSource(l.table)).toBe('staging.${prefix}_orders');
  });

  it('keeps CREATE TABLE SQL verbatim up to the terminating semicolon', () => {
    const sql = `WITH recent AS (SELECT * FROM orders WHERE note <> 'a;b' AND body = $$x;y$$ AND tag = $t$;$t$)
  -- a comment; with a semicolon
  /* and another ; one */
  SELECT "odd;name", E'it\\'s;' FROM (recent)`;
    const c = only<CreateTableStatement>(`CREATE TABLE t AS ${sql};`);
    expect(templateSource(c.query)).toBe(sql);
    expect(c.orReplace).toBe(false);
  });

  it('accepts parenthesised queries and CREATE TABLE modes', () => {
    const c = only<CreateTableStatement>('CREATE TABLE t MODE INCREMENTAL BY day LOOKBACK \'2 days\' AS (SELECT 1 AS day)');
    expect(templateSource(c.query)).toBe('(SELECT 1 AS day)');
    expect(c.mode.kind).toBe('incremental');
    expect(c.mode.by && templateSource(c.mode.by)).toBe('day');
    const u = only<CreateTableStatement>('CREATE TABLE t MODE UPSERT KEY (id) AS SELECT 1 AS id;');
    expect(u.mode.keys.map(templateSource)).toEqual(['id']);
  });

  it('finds variables inside SQL, but not in SQL comments', () => {
    const c = only<CreateTableStatement>("CREATE TABLE t AS SELECT * FROM x WHERE d = '${day}' -- ${not_a_var}\n;");
    const vars = c.query.parts.filter((p) => typeof p !== 'string');
    expect(vars).toEqual([expect.objectContaining({ name: 'day', span: expect.objectContaining({ line: 1, column: 46 }) })]);
  });

  it('reads EXPORT with and without OPTIONS, and the legacy table form', () => {
    const a = only<ExportStatement>("EXPORT SELECT a AS x FROM t WHERE name SIMILAR TO 'a%' TO \"out/x.csv\" TYPE CSV;");
    expect(templateSource(a.query)).toBe("SELECT a AS x FROM t WHERE name SIMILAR TO 'a%'");
    expect(a.options).toBeUndefined();
    const b = only<ExportStatement>('EXPORT user_metrics TO my_postgres;');
    expect(templateSource(b.query)).toBe('SELECT * FROM user_metrics');
    expect(b.destinationKind).toBe('connection');
  });

  it('reads SET values of every type', () => {
    const set = (t: string): SetStatement['value'] => only<SetStatement>(t).value;
    expect(set('SET a = "x";')).toMatchObject({ kind: 'string', value: { parts: ['x'] } });
    expect(set("SET a = 'it''s';")).toMatchObject({ kind: 'string', value: { parts: ["it's"] } });
    expect(set('SET a = 42;')).toEqual({ kind: 'number', value: 42 });
    expect(set('SET a = -1.5;')).toEqual({ kind: 'number', value: -1.5 });
    expect(set('SET a = TRUE;')).toEqual({ kind: 'boolean', value: true });
    expect(set('set a = false')).toEqual({ kind: 'boolean', value: false });
  });

  it('parses IF / ELSE IF / ELSE with AND, OR, NOT in any case', () => {
    const s = only<IfStatement>(`IF \${env} == 'prod' And NOT (\${x} > 3 or y) THEN
  LOAD a FROM b;
ELSE IF env = "dev" THEN
  LOAD a FROM c
else
  SET q = 1;
end if`);
    expect(s.branches).toHaveLength(2);
    expect(s.branches[0]!.condition.kind).toBe('and');
    expect(s.branches[1]!.body[0]!.kind).toBe('load');
    expect(s.otherwise?.[0]?.kind).toBe('set');
  });

  it('accepts comments anywhere, including inside PARAMS, and trailing commas', () => {
    const s = only<SourceStatement>(`-- leading
SOURCE /* name */ src TYPE csv PARAMS { -- the file
  "path": "a.csv", /* inline */
  "columns": ["a", "b",],  // trailing comma in an array
  "header": true,
} -- after
;`);
    if (s.connector.kind !== 'type') throw new Error('expected TYPE');
    expect(s.connector.params?.entries.map((e) => e.key)).toEqual(['path', 'columns', 'header']);
  });

  it('allows a bare ${var} as a JSON value and makes the final semicolon optional', () => {
    const program = parsePipeline('SOURCE s TYPE csv PARAMS {"batch": ${batch|10}}\n', 'x.sf');
    const s = program.statements[0] as SourceStatement;
    if (s.connector.kind !== 'type') throw new Error('expected TYPE');
    expect(s.connector.params?.entries[0]?.value).toMatchObject({ kind: 'variable', ref: { name: 'batch', defaultValue: '10' } });
  });

  it('reads INCLUDE', () => {
    expect(only('INCLUDE "common/sources.sf";')).toMatchObject({ kind: 'include', path: { parts: ['common/sources.sf'] } });
  });
});

describe('parsePipeline: errors', () => {
  it('reports file:line:column with a caret excerpt', () => {
    const error = syntaxError('SET a = 1;\nSET b = 2;\nSOURCE orders PARAM {"a": 1};\n', 'orders.sf');
    expect(error.message).toBe(
      'orders.sf:3:15: expected TYPE or FROM after SOURCE orders, found "PARAM"\n' + '  3 | SOURCE orders PARAM {"a": 1};\n' + '    |               ^^^^^',
    );
    expect(error.code).toBe('PIPELINE_SYNTAX');
    expect(error.retryable).toBe(false);
    expect(error.diagnostics[0]!.span).toEqual({ file: 'orders.sf', line: 3, column: 15, offset: 36, length: 5 });
  });

  it('reports every error of a file at once, each at its exact position', () => {
    const text = [
      'SOURCE a PARAM {};', //                      1:10
      'LOAD x FROM a MODE UPSRT;', //               2:20
      'SOURCE b TYPE csv PARAMS {"path": "p" "q": 1};', // 3:39
      'LOAD t FROM b', //                           4:14 (missing ;)
      'SORCE c TYPE csv;', //                       5:1
      'CREATE TABLE ok AS SELECT 1;',
      'IF x THEN LOAD a FROM b; END',
    ].join('\n');
    const error = syntaxError(text);
    expect(error.diagnostics.map((d) => `${d.span!.line}:${d.span!.column} ${d.message}`)).toEqual([
      '1:10 expected TYPE or FROM after SOURCE a, found "PARAM"',
      '2:20 expected REPLACE, APPEND or UPSERT after MODE, found "UPSRT"; did you mean UPSERT?',
      '3:39 expected "," or "}" after the value of "path", found "q"',
      '4:14 expected ";" to end the LOAD t statement before "SORCE"',
      '5:1 expected a statement (SOURCE, LOAD, CREATE TABLE, EXPORT, SET, INCLUDE or IF), found "SORCE"; did you mean SOURCE?',
      '7:29 expected IF after END, found the end of the file',
    ]);
    expect(error.message).toMatch(/^6 syntax errors:/);
  });

  it('reports a missing semicolon after CREATE TABLE where the next statement starts', () => {
    const error = syntaxError('CREATE TABLE a AS SELECT 1\nLOAD b FROM c;\n');
    expect(error.diagnostics).toHaveLength(1);
    expect(error.diagnostics[0]).toMatchObject({ span: { line: 1, column: 27 }, message: 'expected ";" to end the CREATE TABLE a statement before "LOAD"' });
  });

  it('does not mistake a column called source for a statement', () => {
    const c = only<CreateTableStatement>('CREATE TABLE a AS SELECT\n  id,\n  source\nFROM t;');
    expect(templateSource(c.query)).toContain('source\nFROM t');
  });

  it.each([
    ['SOURCE s TYPE csv PARAMS {"a": "x}', '1:32', 'unterminated string'],
    ['SET a = "${}";', '1:10', 'invalid variable reference'],
    ['SET a = "${x";', '1:10', 'unterminated variable reference'],
    ['CREATE TABLE t AS SELECT (1;', '1:26', 'unbalanced parentheses'],
    ['CREATE TABLE t AS;', '1:18', 'expected a query after AS'],
    ['CREATE TABLE t AS SELECT 1 /* open', '1:28', 'unterminated comment'],
    ['EXPORT SELECT 1;', '1:16', 'expected TO "destination"'],
    ['LOAD t FROM s MODE APPEND KEY (id);', '1:27', 'KEY applies only to MODE UPSERT'],
    ['ELSE;', '1:1', 'ELSE without a matching IF'],
    ['IF a THEN LOAD t FROM s;', '1:25', 'expected END IF'],
    ['SOURCE s TYPE csv PARAMS {"a": 1, "a": 2};', '1:35', 'duplicate key "a"'],
    ['SOURCE s TYPE csv PARAMS {"a": unquoted};', '1:32', 'expected a JSON value, found "unquoted"; quote text values'],
    ['SET a = `x`;', '1:9', 'unexpected character a backtick'],
  ])('%s -> %s %s', (text, at, message) => {
    const d = syntaxError(text).diagnostics[0]!;
    expect(`${d.span!.line}:${d.span!.column}`).toBe(at);
    expect(d.message).toContain(message);
  });

  it('handles CRLF line endings in positions and excerpts', () => {
    const program = parsePipeline('SET a = 1;\r\nCREATE TABLE t AS SELECT 1\r\n;\r\nLOAD x FROM y;', 'w.sf');
    expect(program.statements.map((s) => s.span.line)).toEqual([1, 2, 4]);
    const d = syntaxError('SET a = 1;\r\nLOAD x FORM y;').diagnostics[0]!;
    expect(d.excerpt).toBe('  2 | LOAD x FORM y;\n    |        ^^^^');
  });

  it('keeps the excerpt aligned under tabs', () => {
    const d = syntaxError('\tSOURCE s PARAM {};').diagnostics[0]!;
    expect(d.excerpt).toBe('  1 | \tSOURCE s PARAM {};\n    | \t         ^^^^^');
  });
});
