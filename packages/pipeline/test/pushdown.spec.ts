import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { csvConnector } from '@sqlflow/connector-csv';
import { Engine, type Row } from '@sqlflow/engine';
import { ConnectorRegistry, runPipelineFile, type RunReport } from '@sqlflow/pipeline';

const registry = new ConnectorRegistry([csvConnector]);

const PIPELINE = `
SOURCE events TYPE CSV PARAMS { "path": "data/events_*.csv*", "null_values": ["", "NA"],
  "columns": { "at": "timestamp", "zoned": "timestamptz" },
  "sync_mode": "incremental", "cursor_field": "at", "lookback_window": "1h" };
SOURCE people TYPE CSV PARAMS { "path": "data/people.csv", "delimiter": ";", "skip_rows": 1,
  "columns": { "id": "bigint", "born": "date", "score": "float" } };
LOAD events_all FROM events MODE REPLACE;
LOAD events_log FROM events MODE APPEND;
LOAD events_by_id FROM events MODE UPSERT KEY (id);
LOAD people FROM people;
`;

const EVENTS_1 = [
  'id,at,amount,ok,label,zoned',
  '1,2024-01-01 10:00:00,1.25,true,"a, ""quoted"" label",2024-01-01T10:00:00+02:00',
  '2,2024-01-01 11:00:00,NA,false,,2024-01-01T11:00:00Z',
  '3,2024-01-01 11:00:00,-3,1,"two',
  'lines",2024-01-01 11:00:00',
  '',
  '4,2024-01-01 09:00:00,1e3,no,  spaced  ,2024-01-01 09:00:00.123456',
].join('\n');
const EVENTS_2 = ['id,at,amount,ok,label,zoned', '2,2024-01-01 11:00:00,2.5,t,again,2024-01-01T11:00:00Z', '5,2024-01-02 00:00:00,5,f,e,2024-01-02T00:00:00Z'].join('\n');
const PEOPLE = ['exported 2024-06-01', 'id;born;score;name', '1;1990-05-01;9.5;Ann', '2;;NaN;Bo', '3;2000-02-29;;"Cy; Jr"'].join('\n');

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sqlflow-pushdown-'));
  mkdirSync(join(dir, 'data'));
  mkdirSync(join(dir, 'pipelines'));
  writeFileSync(join(dir, 'pipelines', 'p.sf'), PIPELINE);
  writeFileSync(join(dir, 'data', 'events_1.csv'), `${EVENTS_1}\n`);
  writeFileSync(join(dir, 'data', 'events_2.csv'), `${EVENTS_2}\n`);
  writeFileSync(join(dir, 'data', 'people.csv'), `${PEOPLE}\n`);
  return dir;
}

async function run(dir: string, pushdown: boolean): Promise<RunReport> {
  return runPipelineFile(join(dir, 'pipelines', 'p.sf'), { registry, pushdown, databasePath: join(dir, 'db', 'w.duckdb') });
}

async function contents(dir: string): Promise<Record<string, Row[] | unknown>> {
  const engine = await Engine.open({ path: join(dir, 'db', 'w.duckdb') });
  try {
    const out: Record<string, unknown> = {};
    for (const table of ['events_all', 'events_log', 'events_by_id', 'people']) {
      out[table] = await engine.query(`SELECT * FROM ${table} ORDER BY ALL`);
      out[`${table}:types`] = await engine.query(`SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '${table}' ORDER BY ordinal_position`);
    }
    out['watermarks'] = (await engine.state.listWatermarks('p')).map((w) => ({ table: w.key.table, value: w.value }));
    return out;
  } finally {
    await engine.close();
  }
}

describe('LOAD with native file scans (pushdown to DuckDB)', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('loads the same tables, types and watermarks with pushdown on and off, over two incremental runs', async () => {
    const on = project();
    const off = project();
    dirs.push(on, off);
    const first = [await run(on, true), await run(off, false)];
    expect(first.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    expect(first[0]!.steps.filter((s) => s.kind === 'load').map((s) => s.pushdown)).toEqual(['duckdb', 'duckdb', 'duckdb', 'duckdb']);
    expect(first[1]!.steps.filter((s) => s.kind === 'load').map((s) => s.pushdown)).toEqual([undefined, undefined, undefined, undefined]);
    const loads = (r: RunReport) => r.steps.filter((s) => s.kind === 'load').map((s) => [s.table, s.rows, s.skippedRows, s.watermarkAfter]);
    expect(loads(first[0]!)).toEqual(loads(first[1]!));
    expect(await contents(on)).toEqual(await contents(off));

    for (const dir of [on, off]) {
      appendFileSync(join(dir, 'data', 'events_2.csv'), '6,2024-01-02 00:00:00,6,true,tie,2024-01-02T00:00:00Z\n7,2024-01-01 23:30:00,7,true,late,2024-01-01T23:30:00Z\n');
      writeFileSync(join(dir, 'data', 'events_3.csv.gz'), gzipSync('id,at,amount,ok,label,zoned\n8,2024-01-03 00:00:00,8,true,z,2024-01-03T00:00:00Z\n'));
    }
    const second = [await run(on, true), await run(off, false)];
    expect(second.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    // The gzipped file now mixes with plain ones: the CSV connector declines the scan.
    expect(second[0]!.steps.find((s) => s.table === 'main.people')?.pushdown).toBe('duckdb');
    expect(second[0]!.steps.find((s) => s.table === 'main.events_log')?.pushdown).toBeUndefined();
    expect(loads(second[0]!)).toEqual(loads(second[1]!));
    expect(await contents(on)).toEqual(await contents(off));
  });

  it('incremental APPEND with ties: a second run through DuckDB adds only new rows, like the stream path', async () => {
    const on = project();
    const off = project();
    dirs.push(on, off);
    await run(on, true);
    await run(off, false);
    for (const dir of [on, off]) appendFileSync(join(dir, 'data', 'events_2.csv'), '9,2024-01-02 00:00:00,9,true,tie,2024-01-02T00:00:00Z\n');
    const [a, b] = [await run(on, true), await run(off, false)];
    const log = (r: RunReport) => r.steps.find((s) => s.table === 'main.events_log');
    expect(log(a)).toMatchObject({ pushdown: 'duckdb', rows: 1, status: 'succeeded' });
    expect(log(b)).toMatchObject({ rows: 1, status: 'succeeded' });
    expect(await contents(on)).toEqual(await contents(off));
  });

  it('a malformed value fails the load with DATA_INVALID naming the file, with pushdown on and off', async () => {
    const on = project();
    const off = project();
    dirs.push(on, off);
    for (const dir of [on, off]) appendFileSync(join(dir, 'data', 'events_2.csv'), '10,not a time,1,true,x,2024-01-02T00:00:00Z\n');
    for (const [dir, pushdown] of [[on, true], [off, false]] as const) {
      const report = await run(dir, pushdown);
      const step = report.steps.find((s) => s.kind === 'load' && s.status === 'failed');
      expect(step?.error?.code).toBe('DATA_INVALID');
      expect(step?.error?.message).toContain('events_2.csv:');
      expect(step?.error?.message).toContain('"on_error": "skip"');
    }
  });
});
