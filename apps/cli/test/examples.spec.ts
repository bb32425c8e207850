import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CLI } from './run-cli';

// Every example runs offline exactly as examples/README.md says, and gives the documented results.
const root = join(__dirname, '..', '..', '..');
const examples = join(root, 'examples');
const exec = promisify(execFile);

async function node(args: string[]): Promise<string> {
  return (await exec(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 })).stdout;
}

function csv(path: string): string[][] {
  return readFileSync(path, 'utf8').trim().split('\n').map((l) => l.split(','));
}

describe('examples', () => {
  beforeAll(() => {
    for (const e of ['quickstart', 'load-modes', 'conditionals', 'stripe']) {
      rmSync(join(examples, e, 'target'), { recursive: true, force: true });
      rmSync(join(examples, e, 'output'), { recursive: true, force: true });
    }
  });

  it('quickstart writes the Parquet and CSV exports', async () => {
    await node([CLI, 'run', 'examples/quickstart/pipelines/quickstart.sf']);
    expect(existsSync(join(examples, 'quickstart', 'output', 'revenue_by_country.parquet'))).toBe(true);
    const rows = csv(join(examples, 'quickstart', 'output', 'revenue_by_country.csv'));
    expect(rows[0]).toEqual(['country', 'revenue']);
    expect(rows).toHaveLength(9);
  });

  it('incremental reads 100, then 101, then 101 rows and ends with every order once', async () => {
    const out = await node([join(examples, 'incremental', 'run-demo.mjs')]);
    expect(out.match(/read (\d+) rows/g)).toEqual(['read 100 rows', 'read 101 rows', 'read 101 rows']);
    expect(out).toContain('2024-03-02T13:30:00.000000Z');
  });

  it('load modes: replace 5, append 11, upsert 8 after Monday and Tuesday', async () => {
    await node([CLI, 'run', 'examples/load-modes/pipelines/load_modes.sf', '--vars', 'day=monday']);
    await node([CLI, 'run', 'examples/load-modes/pipelines/load_modes.sf', '--vars', 'day=tuesday']);
    const rows = csv(join(examples, 'load-modes', 'output', 'stock_summary_tuesday.csv'));
    expect(rows.slice(1).map((r) => [r[0], r[1]])).toEqual([
      ['replace', '5'],
      ['append', '11'],
      ['upsert', '8'],
    ]);
  });

  it('conditionals choose their branch from the profile and --vars', async () => {
    await node([CLI, 'run', 'examples/conditionals/pipelines/conditionals.sf', '--profile', 'prod', '--vars', 'format=csv']);
    const rows = csv(join(examples, 'conditionals', 'output', 'report_prod.csv'));
    expect(rows.slice(1).reduce((n, r) => n + Number(r[1]), 0)).toBe(1000);
    await node([CLI, 'run', 'examples/conditionals/pipelines/conditionals.sf']);
    expect(existsSync(join(examples, 'conditionals', 'output', 'report_dev.parquet'))).toBe(true);
  });

  it('stripe: MRR and churn, and a reconciliation without mismatches, against the fake API', async () => {
    const out = await node([join(examples, 'stripe', 'run-demo.mjs')]);
    expect(out).toContain('export:output/reconciliation_mismatches.csv succeeded (0 rows)');
    expect(out).toContain('answered 429: 0');
    expect(csv(join(examples, 'stripe', 'output', 'mrr_by_month.csv'))[0]).toEqual(['month', 'currency', 'mrr_minor', 'active_at_start', 'churned', 'churn_rate']);
  });
});
