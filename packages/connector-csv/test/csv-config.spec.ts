import { ConfigError, createContext, openConnector, resolveConfig } from '@sqlflow/core';
import { csvConnector, csvSpec, resolveCsvOptions } from '@sqlflow/connector-csv';

function configError(params: Record<string, unknown>): ConfigError {
  try {
    resolveConfig('csv', csvSpec, params);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('CSV configuration', () => {
  it('names `delimiter` when the user writes `delimter`', async () => {
    const e = configError({ path: 'a.csv', delimter: ';' });
    expect(e.message).toBe('csv: unknown parameter `delimter`; did you mean `delimiter`?');
    expect(e.parameter).toBe('delimter');
    await expect(openConnector(csvConnector, { path: 'a.csv', delimter: ';' }, createContext())).rejects.toThrow(/did you mean `delimiter`/);
  });

  it('applies the documented defaults', () => {
    const { config } = resolveConfig('csv', csvSpec, { path: 'a.csv' });
    const o = resolveCsvOptions(config);
    expect(o).toMatchObject({
      hasHeader: true,
      delimiter: ',',
      quoteChar: '"',
      escapeChar: undefined,
      encoding: 'utf8',
      nullValues: [''],
      inferRows: 1000,
      compression: 'auto',
      onError: 'fail',
      skipRows: 0,
      batchSize: 10_000,
    });
    expect(o.source.syncMode).toBe('full_refresh');
  });

  it.each([
    ['delim', 'delimiter', ';'],
    ['separator', 'delimiter', '|'],
    ['quote', 'quote_char', "'"],
    ['header', 'has_header', false],
    ['charset', 'encoding', 'latin1'],
    ['cursor_column', 'cursor_field', 'x'],
  ])('accepts the legacy name `%s` for `%s` with a warning', (legacy, standard, value) => {
    const params: Record<string, unknown> = { path: 'a.csv', [legacy]: value };
    if (standard === 'cursor_field') params.sync_mode = 'incremental';
    const { config, warnings } = resolveConfig('csv', csvSpec, params);
    expect((config as unknown as Record<string, unknown>)[standard]).toEqual(value);
    expect(warnings[0]!.message).toContain(`use \`${standard}\``);
  });

  it('requires `path`', () => {
    expect(configError({}).parameter).toBe('path');
  });

  it('rejects an unknown encoding, naming it', () => {
    const e = configError({ path: 'a.csv', encoding: 'klingon-8' });
    expect(e.parameter).toBe('encoding');
    expect(e.message).toContain('"klingon-8" is not a known encoding');
  });

  it('rejects an unknown column type with the allowed ones', () => {
    const e = configError({ path: 'a.csv', columns: { id: 'int' } });
    expect(e.parameter).toBe('columns');
    expect(e.message).toContain('`integer`');
  });

  it('rejects an empty delimiter and a two-character quote', () => {
    expect(configError({ path: 'a.csv', delimiter: '' }).parameter).toBe('delimiter');
    expect(configError({ path: 'a.csv', quote_char: "''" }).parameter).toBe('quote_char');
  });

  it('rejects `max_errors` without `on_error: skip`', () => {
    expect(configError({ path: 'a.csv', max_errors: 3 }).parameter).toBe('max_errors');
    expect(() => resolveConfig('csv', csvSpec, { path: 'a.csv', max_errors: 3, on_error: 'skip' })).not.toThrow();
  });

  it('rejects `columns` that `column_names` does not list', () => {
    const e = configError({ path: 'a.csv', column_names: ['a', 'b'], columns: { c: 'integer' } });
    expect(e.parameter).toBe('columns');
    expect(e.message).toContain('`c`');
  });

  it('applies the shared source rules (incremental needs a cursor)', () => {
    expect(configError({ path: 'a.csv', sync_mode: 'incremental' }).parameter).toBe('cursor_field');
  });

  it('rejects `sync_mode: cdc`', () => {
    expect(configError({ path: 'a.csv', sync_mode: 'cdc' }).message).toContain('`cdc` is not available for CSV files');
  });

  it('resolves lookback durations and primary keys', () => {
    const { config } = resolveConfig('csv', csvSpec, { path: 'a.csv', sync_mode: 'incremental', cursor_field: 'at', lookback_window: '2h', primary_key: 'id' });
    const o = resolveCsvOptions(config);
    expect(o.source).toMatchObject({ lookbackWindow: 7200, primaryKey: ['id'], cursorField: 'at', syncMode: 'incremental' });
  });
});
