import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createContext } from '@sqlflow/core';
import { Engine } from '@sqlflow/engine';
import { manualClock, seedStripeAccount, startStripeFake } from '@sqlflow/testing';
import { openStripe, syncStream } from './support/sync-support';

const EXAMPLES = join(__dirname, '../../../examples/stripe');
const createStatements = (file: string): string[] =>
  readFileSync(join(EXAMPLES, file), 'utf8').replace(/^\s*--.*$/gm, '').match(/CREATE OR REPLACE TABLE[\s\S]*?;/g) ?? [];

it('the MRR and churn example computes monthly MRR and churn from loaded subscriptions', async () => {
  const clock = manualClock(Date.now());
  await using fake = await startStripeFake({ clock, ratePerSecond: 0 });
  seedStripeAccount(fake.platform, { customers: 100, charges: 0, subscriptions: 300, cancelRate: 0.3, spanDays: 365, seed: 12 });
  await using engine = await Engine.open({ path: ':memory:' });
  await using session = await openStripe(fake, createContext({ clock }), { max_requests_per_second: 1000 });
  await syncStream(engine, session, 'subscriptions');
  const statements = createStatements('mrr_churn.sf');
  expect(statements).toHaveLength(2);
  for (const sql of statements) await engine.run(sql);
  const subs = [...fake.platform.list('subscriptions').all()];
  const month = new Date();
  month.setUTCDate(1);
  const monthStart = Date.UTC(month.getUTCFullYear(), month.getUTCMonth(), 1) / 1000;
  const monthEnd = Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1) / 1000;
  const expected = new Map<string, number>();
  for (const s of subs) {
    const ended = (s.ended_at as number | null) ?? null;
    if (ended !== null && ended < monthEnd) continue;
    const item = (s.items as { data: Array<{ quantity: number; price: { unit_amount: number } }> }).data[0]!;
    expected.set(s.currency as string, (expected.get(s.currency as string) ?? 0) + item.quantity * item.price.unit_amount);
  }
  const rows = await engine.query(`SELECT currency, mrr_minor, churned FROM mrr_by_month WHERE month = to_timestamp(${monthStart})::DATE`);
  expect(new Map(rows.map((r) => [String(r.currency), Number(r.mrr_minor)]))).toEqual(expected);
  const churned = await engine.query('SELECT sum(churned) AS n FROM mrr_by_month');
  expect(Number(churned[0]!.n)).toBe(subs.filter((s) => s.status === 'canceled').length);
});

it('the reconciliation model example matches reconciliation.sql', () => {
  const model = createStatements('reconciliation_model.sf');
  expect(model).toHaveLength(1);
  expect(model[0]).toContain('FULL OUTER JOIN');
});
