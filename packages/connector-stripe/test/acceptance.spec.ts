import { createContext, createSharedResources } from '@sqlflow/core';
import { Engine } from '@sqlflow/engine';
import { createPolicy, httpApiPreset } from '@sqlflow/resilience';
import { injectFaults, manualClock, seedStripeAccount, startStripeFake, stripeFaults, type StripeResource } from '@sqlflow/testing';
import { mutate } from './support/mutations';
import { capturingLogger, differences, openStripe, syncStream } from './support/sync-support';

// The acceptance scenario at the size (100k charges, 5k customers, 5k
// subscriptions): a first sync, then three rounds of mutations with incremental runs in between;
// every stream must equal the fake's ground truth and the fake must have answered no 429.
// SQLFLOW_STRIPE_SCALE=small runs a tenth of it for quick local iterations; bench/stripe
// measures throughput.
const FULL = process.env.SQLFLOW_STRIPE_SCALE !== 'small';
const SIZE = FULL ? { customers: 5000, charges: 100_000, subscriptions: 5000 } : { customers: 500, charges: 10_000, subscriptions: 500 };
const ROUND = FULL
  ? { customers: 200, charges: 2000, refunds: 300, subscriptions: 200, cancellations: 150, deletions: 50 }
  : { customers: 40, charges: 300, refunds: 60, subscriptions: 30, cancellations: 25, deletions: 10 };
const STREAMS: StripeResource[] = ['customers', 'charges', 'refunds', 'balance_transactions', 'payment_intents', 'invoices', 'subscriptions', 'products', 'prices'];
const RATE = 400;

jest.setTimeout(FULL ? 900_000 : 120_000);

it('first sync + three rounds of mutations and incremental runs end equal to the fake, with zero 429s', async () => {
  const clock = manualClock(Date.parse('2025-03-01T00:00:00Z'));
  await using fake = await startStripeFake({ clock, ratePerSecond: RATE });
  seedStripeAccount(fake.platform, { ...SIZE, products: 8, seed: 21 });
  await using engine = await Engine.open({ path: ':memory:' });
  const logger = capturingLogger();
  const context = createContext({ clock, logger, shared: createSharedResources(), policy: createPolicy(httpApiPreset) });
  await using session = await openStripe(fake, context, { max_requests_per_second: RATE });

  const runAll = async (): Promise<void> => {
    // Streams load concurrently, as a pipeline's independent LOADs do, on one shared budget.
    await Promise.all(STREAMS.map((s) => syncStream(engine, session, s)));
  };
  await runAll();
  for (const s of STREAMS) expect(await differences(engine, fake, s)).toEqual([]);
  for (let round = 1; round <= 3; round++) {
    clock.advance(3600_000);
    mutate(fake, clock, ROUND, round);
    clock.advance(5000);
    await runAll();
    for (const s of STREAMS) expect(await differences(engine, fake, s)).toEqual([]);
  }
  const deleted = await engine.query("SELECT count(*) AS n FROM customers WHERE deleted");
  expect(Number(deleted[0]!.n)).toBe(3 * ROUND.deletions);
  const canceled = await engine.query("SELECT count(*) AS n FROM subscriptions WHERE status = 'canceled'");
  expect(Number(canceled[0]!.n)).toBeGreaterThanOrEqual(3 * ROUND.cancellations);
  expect(fake.count429()).toBe(0);
  expect(logger.lines.filter((l) => l.startsWith('warn'))).toEqual([]);
});

it('completes with equal data when 10% of requests fail (5xx, lock timeouts, malformed pages, resets, hangs) and 429s come in bursts', async () => {
  const clock = manualClock(Date.parse('2025-03-01T00:00:00Z'));
  const faults = injectFaults({
    seed: 99, rate: 0.1,
    faults: [stripeFaults.apiError, stripeFaults.unavailable, stripeFaults.lockTimeout, { kind: 'malformed' }, { kind: 'reset' }, { kind: 'hang' }],
  });
  const bursts = injectFaults({ seed: 7, rate: 0.02, burst: 4, faults: [stripeFaults.rateLimited] });
  await using fake = await startStripeFake({ clock, ratePerSecond: 0, middleware: [bursts, faults] });
  seedStripeAccount(fake.platform, { customers: 200, charges: 3000, subscriptions: 200, products: 4, seed: 5 });
  await using engine = await Engine.open({ path: ':memory:' });
  const policy = createPolicy(httpApiPreset, { initialDelayMs: 10, maxDelayMs: 100, timeoutMs: 1000, maxAttempts: 12, consecutiveFailures: 0 });
  const context = createContext({ clock, policy });
  await using session = await openStripe(fake, context, { max_requests_per_second: 500, page_size: 50 });
  const streams: StripeResource[] = ['customers', 'charges', 'refunds', 'balance_transactions', 'subscriptions'];
  for (const s of streams) await syncStream(engine, session, s);
  clock.advance(3600_000);
  mutate(fake, clock, { customers: 20, charges: 200, refunds: 40, subscriptions: 20, cancellations: 15, deletions: 5 }, 4);
  clock.advance(5000);
  for (const s of streams) await syncStream(engine, session, s);
  for (const s of streams) expect(await differences(engine, fake, s)).toEqual([]);
  expect(faults.injected).toBeGreaterThan(5);
  expect(bursts.injected).toBeGreaterThan(0);
});
