import { manualClock, seedStripeAccount, startStripeFake, type StripeFake } from '@sqlflow/testing';

const KEY = 'sk_test_fake';
type List = { object: string; data: Array<{ id: string; created: number; type?: string; status?: string }>; has_more: boolean };

describe('Stripe fake', () => {
  const clock = manualClock(Date.parse('2024-06-01T00:00:00Z'));
  let fake: StripeFake;
  const get = async (path: string, key = KEY, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> => {
    const res = await fetch(`${fake.url}${path}`, { headers: { authorization: `Bearer ${key}`, ...headers } });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const list = async (path: string): Promise<List> => (await get(path)).body as unknown as List;

  beforeAll(async () => {
    fake = await startStripeFake({ clock, ratePerSecond: 0, keys: { [KEY]: {}, rk_test_limited: { resources: ['customers'] } } });
    seedStripeAccount(fake.platform, { customers: 20, charges: 250, subscriptions: 10, seed: 5 });
  });
  afterAll(() => fake.close());

  it('lists newest first and pages with starting_after / ending_before', async () => {
    const ids: string[] = [];
    let after: string | undefined;
    let prev = Number.POSITIVE_INFINITY;
    for (;;) {
      const page = await list(`/v1/charges?limit=100${after ? `&starting_after=${after}` : ''}`);
      for (const c of page.data) {
        expect(c.created).toBeLessThanOrEqual(prev);
        prev = c.created;
        ids.push(c.id);
      }
      if (!page.has_more) break;
      after = page.data.at(-1)!.id;
    }
    expect(ids).toHaveLength(250);
    expect(new Set(ids).size).toBe(250);
    const back = await list(`/v1/charges?limit=3&ending_before=${ids[10]}`);
    expect(back.data.map((c) => c.id)).toEqual(ids.slice(7, 10));
    expect(back.has_more).toBe(true);
  });

  it('filters by created bounds', async () => {
    const all = (await list('/v1/charges?limit=100')).data;
    const t = all[50]!.created;
    const gte = await list(`/v1/charges?limit=100&created[gte]=${t}`);
    expect(gte.data.every((c) => c.created >= t)).toBe(true);
    const lt = await list(`/v1/charges?limit=100&created[lt]=${t}`);
    expect(lt.data.every((c) => c.created < t)).toBe(true);
  });

  it('records events for mutations, filters them by type and hides them after 30 days', async () => {
    const customer = fake.ops.createCustomer();
    const charge = fake.ops.createCharge(customer.id, 1000);
    clock.advance(1000);
    fake.ops.refundCharge(charge.id, 400);
    fake.ops.deleteCustomer(customer.id);
    const events = await list('/v1/events?limit=100');
    expect(events.data.map((e) => e.type)).toEqual(['customer.deleted', 'charge.refunded', 'refund.created', 'charge.succeeded', 'payment_intent.succeeded', 'customer.created']);
    const charges = await list('/v1/events?limit=100&types[0]=charge.succeeded&types[1]=charge.refunded');
    expect(charges.data.map((e) => e.type)).toEqual(['charge.refunded', 'charge.succeeded']);
    expect((await get(`/v1/customers/${customer.id}`)).body).toEqual({ id: customer.id, object: 'customer', deleted: true });
    clock.advance(31 * 86_400_000);
    expect((await list('/v1/events?limit=100')).data).toHaveLength(0);
    clock.advance(-31 * 86_400_000);
  });

  it('keeps canceled subscriptions out of the default list but in status=all', async () => {
    const active = await list('/v1/subscriptions?limit=100');
    const all = await list('/v1/subscriptions?limit=100&status=all');
    expect(active.data.every((s) => s.status !== 'canceled')).toBe(true);
    expect(all.data.length).toBe(10);
  });

  it('answers Stripe-shaped errors: bad key, restricted key, unknown account, bad limit, unknown cursor', async () => {
    const bad = await get('/v1/charges', 'sk_test_wrongwrong');
    expect(bad.status).toBe(401);
    expect(bad.body).toEqual({ error: { type: 'invalid_request_error', message: 'Invalid API Key provided: sk_test_****rong' } });
    expect((await get('/v1/charges', 'rk_test_limited')).status).toBe(403);
    expect((await get('/v1/customers', 'rk_test_limited')).status).toBe(200);
    expect((await get('/v1/charges', KEY, { 'stripe-account': 'acct_nope' })).status).toBe(403);
    fake.account('acct_connected').seed('charges', { amount: 5 });
    const connected = (await get('/v1/charges', KEY, { 'stripe-account': 'acct_connected' })).body as unknown as List;
    expect(connected.data).toHaveLength(1);
    expect((await get('/v1/charges?limit=101')).status).toBe(400);
    const unknown = await get('/v1/charges?starting_after=ch_missing');
    expect(unknown.status).toBe(400);
    expect((unknown.body.error as { code: string }).code).toBe('resource_missing');
  });

  it('rate-limits per key with Stripe 429 bodies', async () => {
    await using limited = await startStripeFake({ clock: manualClock(), ratePerSecond: 2 });
    const statuses: number[] = [];
    let body: unknown;
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${limited.url}/v1/charges`, { headers: { authorization: `Bearer ${KEY}` } });
      statuses.push(res.status);
      body = await res.json();
    }
    expect(statuses).toEqual([200, 200, 429, 429]);
    expect(body).toMatchObject({ error: { type: 'invalid_request_error', code: 'rate_limit' } });
    expect(limited.count429()).toBe(2);
  });
});
