import {
  ConfigError,
  configTable,
  defineSpec,
  redactConfig,
  REDACTED,
  resolveConfig,
  resolveSourceParameters,
  sourceParameterProperties,
  sourceParameterRules,
  type SourceParametersInput,
  suggest,
  parseDuration,
} from '@sqlflow/core';

interface DemoConfig extends SourceParametersInput {
  database: string;
  host?: string;
  port?: number;
  password?: string;
  delimiter?: string;
  format?: 'csv' | 'jsonl';
}

const spec = defineSpec<DemoConfig>({
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['database'],
    properties: {
      database: { type: 'string', description: 'Database name', 'x-aliases': ['dbname'] },
      host: { type: 'string', nullable: true, default: 'localhost' },
      port: { type: 'integer', nullable: true, default: 5432, minimum: 1, maximum: 65535 },
      password: { type: 'string', nullable: true, 'x-secret': true },
      delimiter: { type: 'string', nullable: true, default: ',' },
      format: { type: 'string', enum: ['csv', 'jsonl'], nullable: true, 'x-aliases': ['file_format_legacy'] },
      ...sourceParameterProperties,
    },
  },
  rules: sourceParameterRules,
});

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('resolveConfig', () => {
  it('applies defaults and coerces lossless strings', () => {
    const { config, warnings } = resolveConfig('demo', spec, { database: 'shop', port: '6543' });
    expect(config).toMatchObject({ database: 'shop', host: 'localhost', port: 6543, delimiter: ',', sync_mode: 'full_refresh' });
    expect(warnings).toEqual([]);
  });

  it('renames a legacy alias and warns with the standard name', () => {
    const { config, warnings } = resolveConfig('demo', spec, { dbname: 'shop' });
    expect(config.database).toBe('shop');
    expect(warnings).toEqual([{ parameter: 'dbname', message: '`dbname` is a legacy name; use `database` instead' }]);
  });

  it('lets the standard name win over its alias, naming the ignored legacy key', () => {
    const { config, warnings } = resolveConfig('demo', spec, { dbname: 'old', database: 'new' });
    expect(config.database).toBe('new');
    expect(warnings[0]!.message).toContain('ignoring `dbname`');
  });

  it('suggests the closest parameter for an unknown key and names the connector', () => {
    const e = configError(() => resolveConfig('csv', spec, { database: 'x', delimter: ';' }));
    expect(e.message).toBe('csv: unknown parameter `delimter`; did you mean `delimiter`?');
    expect(e.parameter).toBe('delimter');
    expect(e.connector).toBe('csv');
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.retryable).toBe(false);
  });

  it('suggests the standard name when the typo is closest to a legacy alias', () => {
    const e = configError(() => resolveConfig('pg', spec, { dbnme: 'x' }));
    expect(e.message).toContain('did you mean `database`?');
  });

  it('reports every problem at once', () => {
    const e = configError(() => resolveConfig('demo', spec, { port: 'abc', format: 'jsnl' }));
    expect(e.message).toContain('3 configuration problems');
    expect(e.message).toContain('missing required parameter `database` (Database name)');
    expect(e.message).toContain('`port` must be integer');
    expect(e.message).toContain('`format` must be one of `csv`, `jsonl`; did you mean `jsonl`?');
  });

  it('rejects a non-object configuration', () => {
    expect(() => resolveConfig('demo', spec, 'nope')).toThrow('demo: the configuration must be a JSON object of parameters');
  });

  it('enforces the shared cross-field rules', () => {
    expect(configError(() => resolveConfig('demo', spec, { database: 'x', sync_mode: 'incremental' })).parameter).toBe('cursor_field');
    expect(configError(() => resolveConfig('demo', spec, { database: 'x', cursor_field: 'updated_at' })).message).toContain(
      '`cursor_field` is set but `sync_mode` is `full_refresh`',
    );
    expect(configError(() => resolveConfig('demo', spec, { database: 'x', destination_sync_mode: 'upsert' })).parameter).toBe('primary_key');
    expect(configError(() => resolveConfig('demo', spec, { database: 'x', lookback_window: 'soon' })).parameter).toBe('lookback_window');
  });

  it('resolves shared source parameters to their normal forms', () => {
    const { config } = resolveConfig('demo', spec, {
      database: 'x',
      sync_mode: 'incremental',
      cursor_field: 'updated_at',
      primary_key: 'id, region',
      lookback_window: '2h',
      destination_sync_mode: 'upsert',
    });
    expect(resolveSourceParameters(config)).toEqual({
      syncMode: 'incremental',
      cursorField: 'updated_at',
      primaryKey: ['id', 'region'],
      lookbackWindow: 7200,
      startDate: undefined,
      destinationSyncMode: 'append_dedup',
    });
  });

  it('never echoes a secret value in an error message', () => {
    const e = configError(() => resolveConfig('demo', spec, { database: 'x', password: 'hunter2-secret', port: 'hunter2-secret' }));
    expect(e.message).not.toContain('hunter2-secret');
    expect(JSON.stringify(e.details)).not.toContain('hunter2-secret');
  });
});

describe('redaction and docs', () => {
  it('redacts secret parameters and URL passwords', () => {
    const redacted = redactConfig(spec, { database: 'postgres://etl:pa55word@db:5432/shop', password: 'topsecret' } as DemoConfig);
    expect(redacted.password).toBe(REDACTED);
    expect(redacted.database).toBe(`postgres://etl:${REDACTED}@db:5432/shop`);
  });

  it('renders a Markdown table with types, defaults, aliases and secrets', () => {
    const table = configTable(spec);
    expect(table).toContain('| `database` | string | yes |  | `dbname` | Database name |');
    expect(table).toContain('| `port` | integer |  | `5432` |');
    expect(table).toContain('(secret: redacted everywhere)');
  });
});

describe('suggest and durations', () => {
  it('finds near misses and ignores distant words', () => {
    expect(suggest('delimter', ['delimiter', 'quote_char'])).toBe('delimiter');
    expect(suggest('Has-Header', ['has_header'])).toBe('has_header');
    expect(suggest('zzzzzz', ['delimiter', 'quote_char'])).toBeUndefined();
  });

  it('parses durations in seconds', () => {
    expect(parseDuration(90)).toBe(90);
    expect(parseDuration('3 days')).toBe(259_200);
    expect(parseDuration('PT1H30M')).toBe(5400);
    expect(parseDuration('P1DT1S')).toBe(86_401);
    expect(() => parseDuration('later')).toThrow(ConfigError);
  });
});

describe('resolvePathParameters', () => {
  it('resolves relative x-path values (and their aliases) against the project directory', async () => {
    const { resolvePathParameters } = await import('@sqlflow/core');
    const { join } = await import('node:path');
    const pathSpec = defineSpec<{ path: string; files?: string[]; name?: string }>({
      schema: {
        type: 'object',
        required: ['path'],
        properties: {
          path: { type: 'string', 'x-path': true, 'x-aliases': ['file'] },
          files: { type: 'array', items: { type: 'string' }, nullable: true, 'x-path': true },
          name: { type: 'string', nullable: true },
        },
      },
    } as never);
    expect(resolvePathParameters(pathSpec as never, { path: 'data/a.csv', files: ['x.csv', '/abs/y.csv', 's3://b/k'], name: 'data/n' }, '/proj', join)).toEqual({
      path: '/proj/data/a.csv',
      files: ['/proj/x.csv', '/abs/y.csv', 's3://b/k'],
      name: 'data/n',
    });
    expect(resolvePathParameters(pathSpec as never, { file: 'b.csv' }, '/proj', join)).toEqual({ file: '/proj/b.csv' });
  });
});
