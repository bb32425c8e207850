import { createContext } from '@sqlflow/core';
import { Engine } from '@sqlflow/engine';
import { manualClock, seedStripeAccount, startStripeFake } from '@sqlflow/testing';
import { mutate } from './support/mutations';
import { capturingLogger, differences, openStripe, syncStream } from './support/sync-support';

it('a watermark older than the 30-day event retention is reported and falls back to a sliced re-read', async () => {
  const clock = manualClock(Date.parse('2025-03-01T00:00:00Z'));
  await using fake = await startStripeFake({ clock, ratePerSecond: 0 });
  seedStripeAccount(fake.platform, { customers: 100, charges: 800, subscriptions: 50, seed: 8 });
  await using engine = await Engine.open({ path: ':memory:' });
  const logger = capturingLogger();
  await using session = await openStripe(fake, createContext({ clock, logger }), { max_requests_per_second: 1000 });
  await syncStream(engine, session, 'charges');
  clock.advance(31 * 86_400_000);
  mutate(fake, clock, { customers: 5, charges: 50, refunds: 20, subscriptions: 5, cancellations: 3, deletions: 0 }, 2);
  clock.advance(31 * 86_400_000); // the changes' events are now gone too
  const result = await syncStream(engine, session, 'charges');
  expect(logger.lines.some((l) => l.startsWith('warn') && l.includes("older than Stripe's 30-day event retention") && l.includes('re-reading every charge'))).toBe(true);
  expect(await differences(engine, fake, 'charges')).toEqual([]);
  expect(result.watermarkAfter!.value > result.watermarkBefore!.value).toBe(true);
});

it('the events stream reads the event log itself, incrementally', async () => {
  const clock = manualClock(Date.parse('2025-03-01T00:00:00Z'));
  await using fake = await startStripeFake({ clock, ratePerSecond: 0 });
  const c = fake.ops.createCustomer();
  clock.advance(10_000);
  fake.ops.updateCustomer(c.id, { name: 'x' });
  await using engine = await Engine.open({ path: ':memory:' });
  await using session = await openStripe(fake, createContext({ clock }), { max_requests_per_second: 1000 });
  await syncStream(engine, session, 'events');
  clock.advance(10_000);
  fake.ops.deleteCustomer(c.id);
  await syncStream(engine, session, 'events');
  const rows = await engine.query('SELECT type, object_id FROM events ORDER BY sync_position');
  expect(rows.map((r) => r.type)).toEqual(['customer.created', 'customer.updated', 'customer.deleted']);
  expect(new Set(rows.map((r) => r.object_id))).toEqual(new Set([c.id]));
});
