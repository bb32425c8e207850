import { createContext } from '@sqlflow/core';
import { stripeConnector } from '@sqlflow/connector-stripe';
import { describeConnectorConformance, manualClock, seedStripeAccount, startStripeFake, type StripeFake, type StripeObject } from '@sqlflow/testing';

// The conformance suite against the Stripe fake. The incremental check replays events: rows
// changed by events at or after the watermark come back, stamped with their event's time.
const clock = manualClock(Date.parse('2024-06-01T00:00:00Z'));
let fake: StripeFake;
const changedLater: string[] = [];

const chargeRow = (c: StripeObject): Record<string, unknown> => ({
  id: c.id, amount: c.amount, amount_refunded: c.amount_refunded, refunded: c.refunded, currency: c.currency, customer: c.customer, deleted: false,
  created: new Date(c.created * 1000),
});
const liveCharges = (): StripeObject[] => [...fake.platform.list('charges').all()];

describeConnectorConformance(stripeConnector, {
  setup: async () => {
    fake = await startStripeFake({ clock, ratePerSecond: 0 });
    const seeded = seedStripeAccount(fake.platform, { customers: 10, charges: 240, seed: 11 });
    clock.advance(60_000);
    fake.ops.createCharge(seeded.customers[0]!, 1200);
    fake.ops.refundCharge(seeded.charges[3]!, 100);
    clock.advance(100_000);
    changedLater.push(fake.ops.createCharge(null, 999, 'eur').id, fake.ops.createCharge(seeded.customers[1]!, 4321).id);
    fake.ops.refundCharge(seeded.charges[7]!);
    changedLater.push(seeded.charges[7]!);
  },
  teardown: () => fake.close(),
  context: () => createContext({ clock }),
  validParams: () => ({ secret_key: 'sk_test_fake', api_base: fake.url, stream: 'charges', max_requests_per_second: 500 }),
  failingCheckParams: () => ({ secret_key: 'sk_test_wrong_key', api_base: fake.url, stream: 'charges' }),
  badParams: [
    { params: { stream: 'charges' }, parameter: 'secret_key' },
    { params: { secret_key: 'pk_test_publishable', stream: 'charges' }, parameter: 'secret_key' },
    { params: { secret_key: 'sk_test_fake', stream: 'chargez' }, parameter: 'stream' },
    { params: { secret_key: 'sk_test_fake', page_size: 500 }, parameter: 'page_size' },
    { params: { secret_key: 'sk_test_fake', api_base: 'not a url' }, parameter: 'api_base' },
    { params: { secret_key: 'sk_test_fake', sync_mode: 'incremental', cursor_field: 'created' }, parameter: 'cursor_field' },
  ],
  stream: 'charges',
  rowKey: ['id'],
  expectedRows: () => liveCharges().map(chargeRow),
  incremental: {
    params: { sync_mode: 'incremental', cursor_field: 'sync_position' },
    cursorField: 'sync_position',
    watermark: { type: 'timestamp', value: new Date(Date.parse('2024-06-01T00:02:40Z')).toISOString() },
    expectedRows: () => changedLater.map((id) => ({ ...chargeRow(fake.platform.get('charges', id)!), sync_position: new Date(clock.now()) })),
  },
  largeStream: { params: { page_size: 10, batch_size: 40 }, stream: 'charges' },
});
