import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createContext } from '@sqlflow/core';
import { reconciliationSql } from '@sqlflow/connector-stripe';
import { Engine } from '@sqlflow/engine';
import { manualClock, seedStripeAccount, startStripeFake } from '@sqlflow/testing';
import { openStripe, syncStream } from './support/sync-support';

it('reconciles charges and refunds with balance transactions per day and currency, and reports a mismatch', async () => {
  const clock = manualClock(Date.parse('2025-03-01T00:00:00Z'));
  await using fake = await startStripeFake({ clock, ratePerSecond: 0 });
  const seeded = seedStripeAccount(fake.platform, { customers: 50, charges: 1500, refundRate: 0.2, spanDays: 60, seed: 4 });
  await using engine = await Engine.open({ path: ':memory:' });
  await using session = await openStripe(fake, createContext({ clock }), { max_requests_per_second: 1000 });
  for (const s of ['charges', 'refunds', 'balance_transactions']) await syncStream(engine, session, s);
  const report = await engine.query(reconciliationSql());
  expect(report.length).toBeGreaterThan(50);
  expect(report.filter((r) => r.status !== 'ok')).toEqual([]);

  // The documented SQL model in examples/stripe is the same query.
  const model = readFileSync(join(__dirname, '../../../examples/stripe/reconciliation.sql'), 'utf8');
  expect((await engine.query(model.replace(/^--.*$/gm, '').trim().replace(/;$/, ''))).length).toBe(report.length);

  // A balance transaction that disagrees with its charge is reported, not hidden.
  const charge = fake.platform.get('charges', seeded.charges[10]!)!;
  await engine.run(`UPDATE balance_transactions SET amount = amount + 1 WHERE source = '${charge.id}'`);
  const mismatches = (await engine.query(reconciliationSql())).filter((r) => r.status === 'mismatch');
  expect(mismatches).toHaveLength(1);
  expect(mismatches[0]).toMatchObject({ currency: charge.currency, difference: -1n });
});
