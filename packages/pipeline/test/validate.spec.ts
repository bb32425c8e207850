import { type ConnectorDefinition, defineSpec, sourceParameterProperties, sourceParameterRules, type SourceParametersInput } from '@sqlflow/core';
import { ConnectorRegistry, parsePipeline, PipelineValidationError, resolvePipeline, validatePipeline, type ValidatedPipeline } from '@sqlflow/pipeline';

interface TinyConfig extends SourceParametersInput {
  path: string;
  delimiter?: string;
  password?: string;
}

// A real, if tiny, connector: its spec drives validation exactly as a shipped connector's would.
const tiny: ConnectorDefinition<TinyConfig> = {
  name: 'tiny',
  kind: 'source',
  version: '0.0.1',
  spec: defineSpec<TinyConfig>({
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['path'],
      properties: {
        path: { type: 'string', description: 'File to read', 'x-aliases': ['file'] },
        delimiter: { type: 'string', nullable: true, default: ',' },
        password: { type: 'string', nullable: true, 'x-secret': true },
        ...sourceParameterProperties,
      },
    },
    rules: sourceParameterRules,
  }),
  open: async () => {
    throw new Error('not opened in these tests');
  },
};

const registry = new ConnectorRegistry([tiny as unknown as ConnectorDefinition<never>]);

function validate(text: string, env: Record<string, string> = {}): ValidatedPipeline {
  return validatePipeline(resolvePipeline(parsePipeline(text, 'v.sf'), { env }), registry);
}

function problems(text: string, env: Record<string, string> = {}): PipelineValidationError {
  try {
    validate(text, env);
  } catch (error) {
    expect(error).toBeInstanceOf(PipelineValidationError);
    return error as PipelineValidationError;
  }
  throw new Error('expected a validation error');
}

describe('validatePipeline', () => {
  it('resolves each source config through its spec, with defaults and legacy-name warnings', () => {
    const v = validate('SOURCE a TYPE TINY PARAMS {"file": "a.csv", "primary_key": "id"};\nLOAD t FROM a MODE UPSERT;');
    expect(v.sources.get('a')?.config).toEqual({ path: 'a.csv', delimiter: ',', primary_key: 'id', sync_mode: 'full_refresh' });
    expect(v.warnings.map((w) => `${w.span?.line}:${w.span?.column} ${w.message}`)).toEqual(['1:28 SOURCE a: `file` is a legacy name; use `path` instead']);
  });

  it('reports every source problem at once at the parameter at fault, secrets redacted', () => {
    const text = [
      'SOURCE a TYPE tiny PARAMS {',
      '  "path": "a.csv",',
      '  "delimter": ";",',
      '  "sync_mode": "incremental"',
      '};',
      'SOURCE b TYPE tiyn PARAMS {"path": "b"};',
      'SOURCE c TYPE tiny PARAMS {"password": "${env.PW}", "delimiter": {}};',
      'SOURCE a TYPE tiny PARAMS {"path": "again"};',
      'LOAD x FROM d;',
    ].join('\n');
    const e = problems(text, { PW: 'very-secret-pw' });
    const lines = e.diagnostics.map((d) => `${d.span?.line}:${d.span?.column} ${d.message}`);
    expect(lines).toEqual([
      '3:3 SOURCE a (tiny): unknown parameter `delimter`; did you mean `delimiter`?',
      '6:1 unknown connector type "tiyn" in SOURCE b; did you mean "tiny"? (known types: tiny)',
      '7:1 SOURCE c (tiny): missing required parameter `path` (File to read)',
      '7:53 SOURCE c (tiny): `delimiter` must be string',
      '8:1 duplicate SOURCE "a": already defined at v.sf:1:1; give each source its own name',
      '9:1 LOAD x FROM d: no SOURCE named "d"; did you mean "a"?',
    ]);
    expect(e.message).not.toContain('very-secret-pw');
  });

  it('offers did-you-mean for LOAD sources and accepts a plain lookup function', () => {
    const pipeline = resolvePipeline(parsePipeline('SOURCE orders TYPE tiny PARAMS {"path": "o"};\nLOAD t FROM order;', 'v.sf'));
    expect(() => validatePipeline(pipeline, (t) => registry.get(t))).toThrow('LOAD t FROM order: no SOURCE named "order"; did you mean "orders"?');
    expect(() => validatePipeline(pipeline, () => undefined, { knownTypes: ['csv'] })).toThrow('unknown connector type "tiny" in SOURCE orders (known types: csv)');
  });

  it('requires keys for UPSERT unless the source has a primary key', () => {
    const e = problems('SOURCE s TYPE tiny PARAMS {"path": "p"};\nLOAD t FROM s MODE UPSERT;');
    expect(e.diagnostics[0]!.message).toBe('LOAD t MODE UPSERT needs keys: write KEY (column, ...) or set "primary_key" on SOURCE s');
    expect(validate('SOURCE s TYPE tiny PARAMS {"path": "p"};\nLOAD t FROM s MODE UPSERT KEY (id);').sources.size).toBe(1);
  });
});
