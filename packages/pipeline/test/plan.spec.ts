import { parsePipeline, type PipelinePlan, PipelineValidationError, planPipeline, redactSecrets, resolvePipeline, tableReferences } from '@sqlflow/pipeline';

function plan(text: string, env: Record<string, string> = {}): PipelinePlan {
  return planPipeline(resolvePipeline(parsePipeline(text, 'p.sf'), { env }));
}

function deps(p: PipelinePlan): Record<string, readonly string[]> {
  return Object.fromEntries(p.steps.map((s) => [s.id, s.dependsOn]));
}

describe('tableReferences', () => {
  it.each([
    ['SELECT * FROM a', ['a']],
    ['select * from a join b on a.id = b.id left outer join c using (id)', ['a', 'b', 'c']],
    ['SELECT * FROM a, b AS x, "Mixed Case" y WHERE 1', ['a', 'b', 'mixed case']],
    ['SELECT * FROM main.a JOIN analytics.raw.b ON true', ['main.a', 'analytics.raw.b']],
    ['WITH x AS (SELECT * FROM a), y (c) AS MATERIALIZED (SELECT * FROM x JOIN b ON true) SELECT * FROM y', ['a', 'b']],
    ['WITH RECURSIVE r AS (SELECT 1 UNION ALL SELECT * FROM r) SELECT * FROM r', []],
    ["SELECT extract(year FROM ts), trim(both 'x' from name), substring(s FROM 2) FROM t", ['t']],
    ["SELECT 'FROM fake' AS s, \"from\" FROM real -- FROM commented\n/* JOIN hidden */", ['real']],
    ["SELECT * FROM read_csv('x.csv') JOIN generate_series(1, 3) g ON true JOIN 'file.parquet' f ON true", []],
    ['SELECT * FROM (SELECT * FROM inner_t) sub WHERE id IN (SELECT id FROM other)', ['inner_t', 'other']],
    ['SELECT (SELECT max(x) FROM m), coalesce((select 1 from n), 0), array(select y from o)', ['m', 'n', 'o']],
    ['FROM duck_first SELECT *', ['duck_first']],
    ['SELECT * FROM a x (c1, c2), b', ['a', 'b']],
    ['SELECT $$ FROM nope $$, $t$ JOIN no $t$ FROM yes', ['yes']],
    ['SELECT * FROM a POSITIONAL JOIN b ASOF JOIN c ON true', ['a', 'b', 'c']],
    ['SELECT * FROM a, LATERAL (SELECT * FROM b) l, UNNEST([1]) u', ['a', 'b']],
  ])('%s', (sql, tables) => {
    expect(tableReferences(sql)).toEqual(tables);
  });
});

describe('planPipeline', () => {
  const pipeline = `
SOURCE orders TYPE postgres PARAMS {"table": "orders", "password": "\${env.PW}"};
SOURCE customers TYPE csv PARAMS {"path": "c.csv"};
LOAD orders_raw FROM orders MODE UPSERT KEY (id);
LOAD customers_raw FROM customers;
CREATE TABLE enriched AS SELECT * FROM orders_raw o JOIN customers_raw c USING (customer_id) JOIN dim_country USING (country);
CREATE OR REPLACE TABLE daily AS WITH e AS (SELECT * FROM enriched) SELECT count(*) FROM e;
EXPORT SELECT * FROM daily TO "out/daily.parquet" TYPE PARQUET;
`;

  it('builds the DAG: LOAD after SOURCE, SQL after its inputs, EXPORT last, with levels', () => {
    const p = plan(pipeline, { PW: 'pw-secret-123' });
    expect(deps(p)).toEqual({
      'source:orders': [],
      'source:customers': [],
      'load:orders_raw': ['source:orders'],
      'load:customers_raw': ['source:customers'],
      'sql:enriched': ['load:orders_raw', 'load:customers_raw'],
      'sql:daily': ['sql:enriched'],
      'export:out/daily.parquet': ['sql:daily'],
    });
    expect(p.levels).toEqual([['source:orders', 'source:customers'], ['load:orders_raw', 'load:customers_raw'], ['sql:enriched'], ['sql:daily'], ['export:out/daily.parquet']]);
    expect(p.external).toEqual(['dim_country']);
    expect(p.steps[4]).toMatchObject({ kind: 'sql', name: 'enriched', writes: 'enriched', reads: ['orders_raw', 'customers_raw', 'dim_country'], level: 2, span: { file: 'p.sf', line: 6, column: 1 } });
  });

  it('is JSON-serialisable and can be redacted', () => {
    const p = plan(pipeline, { PW: 'pw-secret-123' });
    const json = JSON.stringify(p);
    expect(JSON.parse(json).steps).toHaveLength(7);
    expect(json).toContain('pw-secret-123');
    expect(JSON.stringify(redactSecrets(p, ['pw-secret-123']))).not.toContain('pw-secret-123');
  });

  it('keeps statement order for steps touching the same table', () => {
    const p = plan(`SOURCE s TYPE csv PARAMS {};
SOURCE s2 TYPE csv PARAMS {};
LOAD t FROM s;
CREATE TABLE snapshot AS SELECT * FROM t;
LOAD t FROM s2 MODE APPEND;
CREATE TABLE after AS SELECT * FROM T;
CREATE OR REPLACE TABLE t AS SELECT * FROM t WHERE ok;`);
    expect(deps(p)).toEqual({
      'source:s': [],
      'source:s2': [],
      'load:t': ['source:s'],
      'sql:snapshot': ['load:t'],
      'load:t#2': ['source:s2', 'load:t', 'sql:snapshot'],
      'sql:after': ['load:t#2'],
      'sql:t': ['load:t#2', 'sql:after'],
    });
  });

  it('binds a read to a table written later in the file, and treats main.x as x', () => {
    const p = plan('CREATE TABLE report AS SELECT * FROM main.facts;\nCREATE TABLE facts AS SELECT 1 AS x;');
    expect(deps(p)).toEqual({ 'sql:report': ['sql:facts'], 'sql:facts': [] });
    expect(p.levels).toEqual([['sql:facts'], ['sql:report']]);
  });

  it('reports dependency cycles by name', () => {
    let error: unknown;
    try {
      plan('CREATE TABLE a AS SELECT * FROM b;\nCREATE TABLE b AS SELECT * FROM c;\nCREATE TABLE c AS SELECT * FROM a;\nCREATE TABLE ok AS SELECT 1;');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PipelineValidationError);
    const d = (error as PipelineValidationError).diagnostics;
    expect(d).toHaveLength(1);
    expect(d[0]!.message).toMatch(/^cycle: (a -> c -> b -> a|b -> a -> c -> b|c -> b -> a -> c) \(each step writes a table the next one reads\)/);
    expect(d[0]!.span?.line).toBeGreaterThan(0);
  });

  it('plans a pipeline without statements', () => {
    expect(plan('-- nothing yet\n')).toMatchObject({ steps: [], levels: [] });
  });
});
