import { AuthError, ConfigError, createContext, createSharedResources, isSqlflowError, RateLimitError, TransientError } from '@sqlflow/core';
import { mapStripeError, sharedBudget, stripeRedactor } from '@sqlflow/connector-stripe';
import { Engine } from '@sqlflow/engine';
import { createPolicy, formatRetry, httpApiPreset } from '@sqlflow/resilience';
import { injectFaults, manualClock, seedStripeAccount, startStripeFake, stripeFaults } from '@sqlflow/testing';
import { capturingLogger, openStripe, syncStream } from './support/sync-support';

const KEY = 'sk_test_51SecretValueThatMustNeverLeak';

describe('secrets', () => {
  it('never appear in errors, logs or state, even when the server echoes the key', async () => {
    const clock = manualClock(Date.parse('2025-01-01T00:00:00Z'));
    await using fake = await startStripeFake({ clock, echoKeysInErrors: true, keys: { sk_test_other_key_1234567: {} }, middleware: [injectFaults({ seed: 1, rate: 0.3, faults: [stripeFaults.apiError] })] });
    const logger = capturingLogger();
    const policy = createPolicy(httpApiPreset, { initialDelayMs: 5, maxDelayMs: 10, onRetry: (e) => logger.warn(formatRetry(e)) });
    const context = createContext({ clock, logger, policy });
    await using session = await openStripe(fake, context, { secret_key: KEY, stream: 'charges' });
    const error = await session.check().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    const text = JSON.stringify({ message: (error as Error).message, cause: String((error as Error).cause), details: (error as AuthError).details, logs: logger.lines });
    expect(text).toContain('Check `secret_key`');
    expect(text).not.toContain('SecretValue');
    await using engine = await Engine.open({ path: ':memory:' });
    await expect(syncStream(engine, session, 'charges')).rejects.toBeInstanceOf(AuthError);
    const state = await engine.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'sqlflow'");
    for (const t of state) {
      const rows = await engine.query(`SELECT * FROM sqlflow.${String(t.table_name)}`);
      expect(JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).not.toContain('SecretValue');
    }
  });

  it('the redactor removes key-shaped text by pattern as well as by value', () => {
    const redact = stripeRedactor(['my-own-secret']);
    expect(redact('key rk_live_abcdef123456 and sk_test_zzzzzz999 and whsec_abcdefgh1 and my-own-secret')).toBe('key rk_live_******** and sk_test_******** and whsec_******** and ********');
  });

  it('maps Stripe errors to typed SQLFlow errors', () => {
    const sdk = (statusCode: number, extra: Record<string, unknown> = {}): Error => Object.assign(new Error(`boom sk_live_abcdef123456`), { type: 'StripeAPIError', statusCode, headers: {}, ...extra });
    const redact = stripeRedactor([]);
    expect(mapStripeError(sdk(401), 'list charges', redact, 0)).toBeInstanceOf(AuthError);
    expect((mapStripeError(sdk(403), 'list charges', redact, 0) as Error).message).toContain('restricted key');
    const limited = mapStripeError(sdk(429, { code: 'rate_limit', headers: { 'retry-after': '2' } }), 'list charges', redact, 0);
    expect(limited).toBeInstanceOf(RateLimitError);
    expect((limited as RateLimitError).retryAfterMs).toBe(2000);
    expect(mapStripeError(sdk(429, { code: 'lock_timeout' }), 'x', redact, 0)).toBeInstanceOf(TransientError);
    expect(mapStripeError(sdk(400, { headers: { 'stripe-should-retry': 'true' } }), 'x', redact, 0)).toBeInstanceOf(TransientError);
    expect(mapStripeError(sdk(503), 'x', redact, 0)).toBeInstanceOf(TransientError);
    const bad = mapStripeError(sdk(400), 'x', redact, 0);
    expect(bad).toBeInstanceOf(ConfigError);
    expect((bad as Error).message).not.toContain('abcdef123456');
  });

  it('an unknown stream fails at once with a did-you-mean', async () => {
    await using fake = await startStripeFake();
    await using session = await openStripe(fake, createContext());
    const error = await (async () => {
      for await (const _ of session.read!({ stream: 'charge', syncMode: 'full_refresh' })) break;
    })().catch((e: unknown) => e);
    expect(isSqlflowError(error) && error.code).toBe('CONFIG_INVALID');
    expect((error as Error).message).toContain('did you mean `charges`?');
  });
});

describe('shared rate budget', () => {
  it('one budget per key for every session of a run (keyed by a hash, not the key)', () => {
    const shared = createSharedResources();
    const keys: string[] = [];
    const spy = { getOrCreate: <T>(k: string, create: () => T): T => (keys.push(k), shared.getOrCreate(k, create)) };
    const context = createContext({ shared: spy });
    expect(sharedBudget(context, KEY, 25)).toBe(sharedBudget(context, KEY, 25));
    expect(sharedBudget(context, 'sk_test_another', 25)).not.toBe(sharedBudget(context, KEY, 25));
    expect(keys.join()).not.toContain('Secret');
  });

  it('two SOURCEs on one key read concurrently without a single 429', async () => {
    const clock = manualClock(Date.parse('2025-01-01T00:00:00Z'));
    await using fake = await startStripeFake({ clock, ratePerSecond: 20 });
    seedStripeAccount(fake.platform, { customers: 400, charges: 2500, seed: 3 });
    const shared = createSharedResources();
    await using engine = await Engine.open({ path: ':memory:' });
    const a = await openStripe(fake, createContext({ clock, shared }), { stream: 'charges', max_requests_per_second: 20 });
    const b = await openStripe(fake, createContext({ clock, shared }), { stream: 'customers', max_requests_per_second: 20 });
    await Promise.all([syncStream(engine, a, 'charges'), syncStream(engine, b, 'customers')]);
    expect(Number((await engine.query('SELECT count(*) AS n FROM charges'))[0]!.n)).toBe(2500);
    expect(fake.count429()).toBe(0);
    await a.close();
    await b.close();
  });
});
