import { type ManualClock, seededRandom, type StripeFake } from '@sqlflow/testing';

/** Counts of one round of mutations. */
export interface MutationRound {
  readonly customers: number;
  readonly charges: number;
  readonly refunds: number;
  readonly subscriptions: number;
  readonly cancellations: number;
  readonly deletions: number;
}

/**
 * One round of changes on the fake, as Stripe records them (with events): creates, updates,
 * refunds, cancellations and deletions; the clock moves one second every 20 operations, so
 * many events share a second (ties on the event position).
 */
export function mutate(fake: StripeFake, clock: ManualClock, round: MutationRound, seed: number): void {
  const random = seededRandom(seed);
  const ops = fake.ops;
  const acct = fake.platform;
  let n = 0;
  const tick = (): void => {
    if (++n % 20 === 0) clock.advance(1000);
  };
  const live = (resource: 'customers' | 'charges' | 'subscriptions'): string[] => [...acct.list(resource).all()].filter((o) => !acct.list(resource).isDeleted(o.id)).map((o) => o.id);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  for (let i = 0; i < round.customers; i++, tick()) ops.createCustomer();
  const customers = live('customers');
  for (let i = 0; i < round.customers; i++, tick()) ops.updateCustomer(pick(customers), { email: `changed${seed}_${i}@example.com`, name: `Renamed ${seed}.${i}` });
  for (let i = 0; i < round.charges; i++, tick()) ops.createCharge(pick(customers), 100 + Math.floor(random() * 10_000), pick(['usd', 'eur']));
  const refundable = [...acct.list('charges').all()].filter((c) => (c.amount_refunded as number) < (c.amount_captured as number));
  for (let i = 0; i < round.refunds; i++, tick()) {
    const c = refundable.splice(Math.floor(random() * refundable.length), 1)[0]!;
    ops.refundCharge(c.id, random() < 0.5 ? Math.max(1, Math.floor((c.amount as number) / 3)) : undefined);
  }
  const prices = [...acct.list('prices').all()];
  for (let i = 0; i < round.subscriptions; i++, tick()) ops.createSubscription(pick(customers), pick(prices), 1 + Math.floor(random() * 4));
  const subs = [...acct.list('subscriptions').all()].filter((s) => s.status === 'active').map((s) => s.id);
  for (let i = 0; i < round.cancellations; i++, tick()) {
    const id = subs.splice(Math.floor(random() * subs.length), 1)[0]!;
    if (random() < 0.5) ops.updateSubscriptionQuantity(id, 7);
    ops.cancelSubscription(id);
  }
  for (let i = 0; i < round.deletions; i++, tick()) {
    const fresh = ops.createCustomer({ name: 'short-lived' });
    ops.deleteCustomer(random() < 0.5 ? fresh.id : pick(live('customers')));
  }
  const product = ops.createProduct({ name: `New plan ${seed}` });
  ops.createPrice(product.id, 4200);
}
