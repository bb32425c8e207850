import { configTable, ConfigError, redactConfig, resolveConfig } from '@sqlflow/core';
import { parseConnectionString, postgresConnector, postgresSpec } from '@sqlflow/connector-postgres';

function resolve(params: Record<string, unknown>) {
  return resolveConfig('postgres', postgresSpec, params);
}

describe('postgres configuration', () => {
  test('legacy names resolve with a warning; the new name wins when both are given', () => {
    const { config, warnings } = resolve({ dbname: 'shop', user: 'etl', database: 'main', connection_string: 'postgres://h/db' });
    expect(config).toMatchObject({ database: 'main', username: 'etl', connection: 'postgres://h/db' });
    expect(warnings.map((w) => w.parameter).sort()).toEqual(['connection_string', 'dbname', 'user']);
    expect(warnings.find((w) => w.parameter === 'dbname')!.message).toContain('using `database`');
  });

  test('defaults: schema public, application_name sqlflow, batch_size 10000, full_refresh', () => {
    const { config } = resolve({ database: 'shop' });
    expect(config).toMatchObject({ schema: 'public', application_name: 'sqlflow', batch_size: 10_000, sync_mode: 'full_refresh', connect_timeout: 10, min_connections: 0, max_connections: 5 });
  });

  test('url is an alias of connection and its password is redacted', () => {
    const { config } = resolve({ url: 'postgres://etl:s3cr3tpw@db.example.com:6543/shop', password: 'other-secret' });
    const shown = JSON.stringify(redactConfig(postgresSpec, config));
    expect(shown).not.toContain('s3cr3tpw');
    expect(shown).not.toContain('other-secret');
  });

  test.each([
    [{ host: 'h' }, 'database'],
    [{ database: 'x', sslmode: 'verify-ca' }, 'sslrootcert'],
    [{ database: 'x', table: 't', query: 'select 1' }, 'query'],
    [{ database: 'x', min_connections: 9, max_connections: 2 }, 'min_connections'],
    [{ database: 'x', write_mode: 'merge' }, 'write_mode'],
    [{ database: 'x', filters: { a: { '>': [1] } } }, 'filters'],
    [{ database: 'x', databse: 'y' }, 'databse'],
  ])('%p is rejected naming %s', (params, parameter) => {
    expect(() => resolve(params)).toThrow(ConfigError);
    try {
      resolve(params);
    } catch (e) {
      expect((e as ConfigError).parameter).toBe(parameter);
    }
  });

  test('a misspelt parameter gets a suggestion', () => {
    expect(() => resolve({ database: 'x', tabel: 'orders' })).toThrow(/did you mean `table`/);
  });

  test('the definition names the connector and documents every parameter', () => {
    expect(postgresConnector).toMatchObject({ name: 'postgres', kind: 'both' });
    const table = configTable(postgresSpec);
    for (const p of ['host', 'database', 'password', 'connection', 'filters', 'sslmode', 'write_mode', 'upsert_keys', 'cursor_field']) expect(table).toContain(`\`${p}\``);
    expect(table).toContain('(secret: redacted everywhere)');
  });
});

describe('connection strings', () => {
  test('URL parts, percent-decoding and query parameters', () => {
    expect(parseConnectionString('postgresql://us%40er:p%3Ass@db.example.com:6543/my%20db?sslmode=require&sslrootcert=/ca.pem')).toEqual({
      host: 'db.example.com', port: 6543, database: 'my db', username: 'us@er', password: 'p:ss', sslmode: 'require', sslrootcert: '/ca.pem',
    });
  });

  test('libpq keyword/value strings with quoting', () => {
    expect(parseConnectionString("host=h port=5433 dbname=shop user=etl password='a b\\'c' sslmode=disable")).toEqual({
      host: 'h', port: 5433, database: 'shop', username: 'etl', password: "a b'c", sslmode: 'disable',
    });
  });

  test('anything else is a ConfigError naming `connection`, with the password redacted', () => {
    expect(() => parseConnectionString('mysql://u:topsecret@h/db')).toThrow(expect.objectContaining({ parameter: 'connection', message: expect.not.stringContaining('topsecret') }));
  });
});
