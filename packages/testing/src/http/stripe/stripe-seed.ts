import { seededRandom } from '../seeded-random';
import type { StripeAccount } from './stripe-account';
import type { StripeObject } from './stripe-object-list';
import { StripeOperations } from './stripe-operations';

/** How much historic data {@link seedStripeAccount} creates. */
export interface StripeSeedOptions {
  readonly customers?: number;
  readonly products?: number;
  readonly charges?: number;
  /** Share of charges later (partly or fully) refunded (default 0.05). */
  readonly refundRate?: number;
  readonly subscriptions?: number;
  /** Share of subscriptions canceled since (default 0.2). */
  readonly cancelRate?: number;
  /** Objects are created over this many days before now (default 400). */
  readonly spanDays?: number;
  readonly seed?: number;
}

/** What was seeded, for tests that mutate it later. */
export interface SeededStripe {
  readonly customers: string[];
  readonly prices: StripeObject[];
  readonly charges: string[];
  readonly subscriptions: string[];
}

const CURRENCIES = ['usd', 'usd', 'usd', 'eur', 'gbp'];

/**
 * Fills an account with historic objects (no events: they would be past Stripe's 30-day
 * retention), deterministically for a seed. Everything is created in time order, so the fake's
 * lists stay cheap to build even for 100k charges.
 */
export function seedStripeAccount(account: StripeAccount, options: StripeSeedOptions = {}): SeededStripe {
  const random = seededRandom(options.seed ?? 1);
  const ops = new StripeOperations(account);
  const now = account.nowSeconds();
  const span = (options.spanDays ?? 400) * 86_400;
  const start = now - span;
  const times = (n: number): number[] => Array.from({ length: n }, () => start + Math.floor(random() * (span - 3600))).sort((a, b) => a - b);

  const out: SeededStripe = { customers: [], prices: [], charges: [], subscriptions: [] };
  for (let i = 0; i < (options.products ?? 5); i++) {
    const product = ops.createProduct({ name: `Plan ${i + 1}` }, { at: start });
    out.prices.push(ops.createPrice(product.id, 500 + Math.floor(random() * 20) * 500, {}, { at: start }));
  }
  for (const at of times(options.customers ?? 50)) out.customers.push(ops.createCustomer({}, { at }).id);

  type Action = { at: number; run: () => void };
  const timeline: Action[] = [];
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  for (const at of times(options.charges ?? 500)) {
    const amount = 100 + Math.floor(random() * 50_000);
    const currency = pick(CURRENCIES);
    const customer = out.customers.length > 0 ? pick(out.customers) : null;
    const refund = random() < (options.refundRate ?? 0.05);
    const partial = random() < 0.5;
    const refundAt = Math.min(now - 60, at + 3600 + Math.floor(random() * 5 * 86_400));
    const ref = { id: '' };
    timeline.push({
      at,
      run: () => {
        ref.id = ops.createCharge(customer, amount, currency, { at }).id;
        out.charges.push(ref.id);
      },
    });
    if (refund) timeline.push({ at: refundAt, run: () => void ops.refundCharge(ref.id, partial ? Math.floor(amount / 2) : undefined, { at: refundAt }) });
  }
  for (const at of times(options.subscriptions ?? 30)) {
    const customer = pick(out.customers);
    const price = pick(out.prices);
    const quantity = 1 + Math.floor(random() * 3);
    const cancel = random() < (options.cancelRate ?? 0.2);
    const cancelAt = Math.min(now - 60, at + 86_400 + Math.floor(random() * 200 * 86_400));
    timeline.push({
      at,
      run: () => {
        const sub = ops.createSubscription(customer, price, quantity, { at });
        out.subscriptions.push(sub.id);
        if (cancel) ops.cancelSubscription(sub.id, { at: cancelAt });
      },
    });
  }
  // Run in time order (a refund always comes after its charge); sort is stable for equal times.
  for (const action of timeline.sort((a, b) => a.at - b.at)) action.run();
  return out;
}
