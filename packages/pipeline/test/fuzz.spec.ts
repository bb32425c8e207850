import fc from 'fast-check';
import { isPipelineError, parsePipeline, planPipeline, resolvePipeline } from '@sqlflow/pipeline';

// Valid pipelines that the mutations start from.
const CORPUS = [
  `SET run_date = "\${run_date|2024-01-01}";
SOURCE orders TYPE POSTGRES PARAMS {
  "host": "localhost", "database": "shop", "username": "etl", "password": "\${env.PGPASSWORD}",
  "table": "orders", "sync_mode": "incremental", "cursor_field": "updated_at",
  "primary_key": ["id"], -- the key
};
LOAD orders_raw FROM orders MODE UPSERT KEY (id);
CREATE OR REPLACE TABLE daily AS SELECT date_trunc('day', updated_at) AS day, sum(total) AS revenue
  FROM orders_raw GROUP BY 1;
EXPORT SELECT * FROM daily TO "output/daily_\${run_date}.parquet" TYPE PARQUET OPTIONS {};`,
  `IF \${env|dev} == 'production' AND NOT (\${n|1} > 3 OR flag) THEN
  LOAD a FROM b MERGE MERGE_KEYS id, region;
ELSE IF \${env|dev} = "dev" THEN
  CREATE TABLE x AS WITH c AS (SELECT * FROM a) SELECT $$;$$, 'it''s', "q;" FROM c /* ; */;
ELSE
  SET q = -1.5;
END IF;
INCLUDE "a.sf";`,
  `source s from "warehouse" options { /* c */ 'table': "t", n: \${n|5}, list: [1, "two", null, true,], };
load t from s mode merge merge_keys (a, b);
export t to my_pg;
CREATE TABLE r MODE INCREMENTAL BY day LOOKBACK '1 day' AS (SELECT * FROM t JOIN u ON t.id = u.id, v)`,
];

const TOKENS = [
  'SOURCE', 'LOAD', 'CREATE', 'OR', 'REPLACE', 'TABLE', 'AS', 'EXPORT', 'TO', 'TYPE', 'PARAMS', 'OPTIONS', 'SET', 'INCLUDE', 'IF', 'THEN',
  'ELSE', 'END', 'AND', 'NOT', 'FROM', 'MODE', 'UPSERT', 'KEY', 'MERGE_KEYS', 'SELECT', 'WITH', 'JOIN', 'x', 'orders', '${v}', '${env.X|d}',
  '${', '}', '{', '"s"', "'t'", '"${a}"', '"unterminated', ';', ',', '(', ')', '.', '=', '==', '<>', '<=', '!', '-', '--c\n', '/*', '*/',
  '$$', '$tag$', '1', '-2.5e3', 'true', 'null', ':', '[', ']', '\n', '\t', '`', '\\', '\u00e9', '"a":', '"k": 1,', 'END IF', 'ELSE IF',
];

/** Returns true when the text went through, false when it was rejected with a pipeline error. */
function check(text: string): boolean {
  try {
    const program = parsePipeline(text, 'fuzz.sf');
    const resolved = resolvePipeline(program, {
      variables: { v: 'x', env: 'dev' },
      env: { X: 'secret-x', PGPASSWORD: 'pg-secret' },
      profile: { variables: {}, secrets: [], connections: { warehouse: { type: 'postgres', params: {} }, my_pg: { type: 'postgres', params: {} } } },
      readFile: (path) => {
        if (path.endsWith('a.sf')) return 'SET included = 1;';
        throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      },
    });
    planPipeline(resolved);
    return true;
  } catch (error) {
    if (!isPipelineError(error)) throw error;
    expect(error.diagnostics.length).toBeGreaterThan(0);
    for (const d of error.diagnostics) {
      expect(d.span).toBeDefined();
      expect(d.span!.line).toBeGreaterThanOrEqual(1);
      expect(d.span!.column).toBeGreaterThanOrEqual(1);
      expect(d.span!.offset).toBeGreaterThanOrEqual(0);
      expect(d.excerpt).toContain('^');
    }
    return false;
  }
}

type Mutation =
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'swap'; a: number; b: number; length: number }
  | { kind: 'duplicate'; at: number; length: number };

function apply(text: string, m: Mutation): string {
  const pos = (p: number): number => Math.floor(p * (text.length + 1));
  switch (m.kind) {
    case 'delete': {
      const at = pos(m.at);
      return text.slice(0, at) + text.slice(at + m.length);
    }
    case 'insert': {
      const at = pos(m.at);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'duplicate': {
      const at = pos(m.at);
      return text.slice(0, at + m.length) + text.slice(at, at + m.length) + text.slice(at + m.length);
    }
    case 'swap': {
      const [x, y] = [pos(m.a), pos(m.b)].sort((p, q) => p - q) as [number, number];
      const len = Math.min(m.length, Math.max(0, y - x));
      return text.slice(0, x) + text.slice(y, y + len) + text.slice(x + len, y) + text.slice(x, x + len) + text.slice(y + len);
    }
  }
}

const unit = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: unit, length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: unit, text: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 3 }), fc.string({ unit: 'binary', maxLength: 2 })) }),
  fc.record({ kind: fc.constant('swap' as const), a: unit, b: unit, length: fc.integer({ min: 1, max: 15 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: unit, length: fc.integer({ min: 1, max: 20 }) }),
);
const mutated = fc
  .tuple(fc.constantFrom(...CORPUS), fc.array(mutation, { minLength: 1, maxLength: 6 }))
  .map(([base, ms]) => ms.reduce(apply, base));
const tokenSoup = fc
  .array(fc.tuple(fc.constantFrom(...TOKENS), fc.constantFrom(' ', '', '\n', '  ')), { maxLength: 40 })
  .map((parts) => parts.map(([t, s]) => t + s).join(''));

describe('fuzz: the parser either parses or throws a positioned pipeline error', () => {
  it('starts from valid pipelines', () => {
    for (const text of CORPUS) {
      try {
        check(text);
        parsePipeline(text, 'corpus.sf');
      } catch (error) {
        throw new Error(`corpus pipeline rejected: ${(error as Error).message}`);
      }
      expect(check(text)).toBe(true);
    }
  });

  it('survives 7,000 mutated valid pipelines', () => {
    let rejected = 0;
    fc.assert(
      fc.property(mutated, (text) => {
        if (!check(text)) rejected++;
      }),
      { numRuns: 7000 },
    );
    // Mutations must actually break pipelines often, or the test proves little.
    expect(rejected).toBeGreaterThan(2000);
  });

  it('survives 4,000 random token sequences', () => {
    fc.assert(fc.property(tokenSoup, (text) => void check(text)), { numRuns: 4000 });
  });

  it('survives arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 80 }), (text) => void check(text)), { numRuns: 1000 });
  });
});
