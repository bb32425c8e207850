import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, DataError } from '@sqlflow/core';
import type { Engine } from '@sqlflow/engine';
import { openEngine, plain } from './support';

const AGGREGATE = `SELECT region, count(*) AS orders, sum(amount) AS revenue FROM orders WHERE amount > 10 GROUP BY region ORDER BY region`;
const EXPECTED = [
  { region: 'eu', orders: 2, revenue: 50 },
  { region: 'us', orders: 1, revenue: 100 },
];

describe('exportFile', () => {
  let engine: Engine;
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ engine, dir, cleanup } = await openEngine());
    await engine.run(`CREATE TABLE orders AS SELECT * FROM (VALUES ('eu', 20.0), ('eu', 30.0), ('eu', 5.0), ('us', 100.0), ('ap', 1.0)) t(region, amount)`);
  });
  afterEach(() => cleanup());

  it.each([
    ['csv', 'out/daily.csv', undefined, (p: string) => `read_csv('${p}')`],
    ['parquet', 'out/nested/daily.parquet', 'zstd', (p: string) => `read_parquet('${p}')`],
    ['jsonl', 'out/daily.jsonl', undefined, (p: string) => `read_json('${p}', format = 'newline_delimited')`],
    ['json', 'out/daily.json.gz', 'gzip', (p: string) => `read_json('${p}', format = 'array')`],
  ] as const)('writes a filtered aggregate as %s and reads it back', async (format, file, compression, reader) => {
    const path = join(dir, file);
    const result = await engine.exportFile(`${AGGREGATE};`, { path, format, ...(compression ? { compression } : {}) });
    expect(result).toMatchObject({ path, format, rows: 2 });
    expect(result.bytes).toBeGreaterThan(0);
    const rows = plain(await engine.query(`SELECT region, orders::INTEGER AS orders, revenue::DOUBLE AS revenue FROM ${reader(path)} ORDER BY region`));
    expect(rows).toEqual(EXPECTED);
    expect(readdirSync(join(path, '..')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('records the Parquet codec it was asked for', async () => {
    const path = join(dir, 'z.parquet');
    await engine.exportFile(AGGREGATE, { path, format: 'parquet', compression: 'zstd' });
    const meta = await engine.query(`SELECT DISTINCT compression FROM parquet_metadata('${path}')`);
    expect(meta).toEqual([{ compression: 'ZSTD' }]);
  });

  it('passes COPY options through', async () => {
    const path = join(dir, 'semi.csv');
    await engine.exportFile(AGGREGATE, { path, format: 'csv', options: { delimiter: ';' } });
    const rows = await engine.query(`SELECT * FROM read_csv('${path}', delim = ';')`);
    expect(rows).toHaveLength(2);
  });

  it('leaves no file behind when the query fails', async () => {
    const path = join(dir, 'bad', 'x.csv');
    await expect(engine.exportFile('SELECT * FROM missing_table', { path, format: 'csv' })).rejects.toThrow(DataError);
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(join(dir, 'bad'))).toEqual([]);
  });

  it('rejects a codec the format does not support', async () => {
    await expect(engine.exportFile(AGGREGATE, { path: join(dir, 'x.csv'), format: 'csv', compression: 'snappy' })).rejects.toThrow(ConfigError);
  });
});
