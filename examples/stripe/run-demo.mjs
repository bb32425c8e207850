#!/usr/bin/env node
// Runs the Stripe examples offline against the fake Stripe API of @sqlflow/testing:
// seeds an account, runs mrr_churn.sf and reconciliation.sf through the CLI, prints the results.
// From the repository root, after `npm install`:  node examples/stripe/run-demo.mjs
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedStripeAccount, startStripeFake } from '@sqlflow/testing';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', '..', 'apps', 'cli', 'bin', 'sqlflow.js');
const database = join(here, 'target', 'stripe.duckdb');

const fake = await startStripeFake();
try {
  seedStripeAccount(fake.platform, { customers: 300, charges: 3000, subscriptions: 400, refundRate: 0.05, cancelRate: 0.25, seed: 7 });
  // Asynchronous on purpose: the fake API answers from this process's event loop.
  const run = async (pipeline) => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [cli, 'run', join(here, pipeline), '--database', database, '--vars', `stripe_api_base=${fake.url}`, '--json'],
      { encoding: 'utf8', env: { ...process.env, STRIPE_SECRET_KEY: 'sk_test_fake' } },
    );
    const report = JSON.parse(stdout);
    for (const s of report.steps) console.log(`${pipeline}: ${s.id} ${s.status}${s.rows === undefined ? '' : ` (${s.rows} rows)`}`);
    return report;
  };
  await run('mrr_churn.sf');
  await run('reconciliation.sf');
  console.log('\nMRR by month (first lines of output/mrr_by_month.csv):');
  console.log(readFileSync(join(here, 'output', 'mrr_by_month.csv'), 'utf8').split('\n').slice(0, 6).join('\n'));
  console.log(`\nrequests served: ${fake.log.entries.length}, answered 429: ${fake.count429()}`);
} finally {
  await fake.close();
}
