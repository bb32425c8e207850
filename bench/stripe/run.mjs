#!/usr/bin/env node
// First sync of N charges from the Stripe fake at a fixed request rate: objects/s against the
// ceiling (rate x 100 objects per page). Usage (from the repo root, after building):
//   npx nx run-many -t build -p @sqlflow/connector-stripe @sqlflow/testing
//   node bench/stripe/run.mjs [--charges 100000] [--rate 25]
import { createContext, openConnector } from '@sqlflow/core';
import { stripeConnector } from '@sqlflow/connector-stripe';
import { createPolicy, httpApiPreset } from '@sqlflow/resilience';
import { manualClock, seedStripeAccount, startStripeFake } from '@sqlflow/testing';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const charges = Number(args.charges ?? 100_000);
const rate = Number(args.rate ?? 25);
const clock = manualClock(Date.parse('2025-06-01T00:00:00Z'));

const fake = await startStripeFake({ clock, ratePerSecond: rate });
const t0 = performance.now();
seedStripeAccount(fake.platform, { customers: 5000, charges, subscriptions: 0, seed: 1, spanDays: 730 });
const seedSeconds = (performance.now() - t0) / 1000;
// Let the fake's rate budget refill after seeding (a real account starts the run with a full one).
await new Promise((r) => setTimeout(r, 1100));

const context = createContext({ clock, policy: createPolicy(httpApiPreset) });
const session = await openConnector(stripeConnector, { secret_key: 'sk_test_fake', api_base: fake.url, stream: 'charges', max_requests_per_second: rate }, context);
const start = performance.now();
let rows = 0;
let batches = 0;
for await (const { batch } of session.read({ stream: 'charges', syncMode: 'incremental', cursorField: 'sync_position' })) {
  rows += batch.numRows;
  batches++;
}
const seconds = (performance.now() - start) / 1000;
const requests = fake.log.count();
const ceiling = rate * 100;
console.log(JSON.stringify({
  charges, rate, rows, batches, seconds: +seconds.toFixed(2), objectsPerSecond: Math.round(rows / seconds), ceiling,
  ofCeiling: `${((rows / seconds / ceiling) * 100).toFixed(1)}%`, requests, requestsPerSecond: +(requests / seconds).toFixed(2), http429: fake.count429(),
  seedSeconds: +seedSeconds.toFixed(1), peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
}));
await session.close();
await fake.close();
