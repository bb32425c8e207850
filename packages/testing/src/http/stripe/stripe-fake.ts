import { HttpRouter } from '../http-router';
import { type HttpTestServer, startHttpTestServer } from '../http-test-server';
import type { HttpMiddleware, TestClock, TestHttpRequest, TestHttpResponse } from '../http-types';
import { rateLimit } from '../rate-limit-middleware';
import type { RequestLog } from '../request-log';
import { STRIPE_EVENT_RETENTION_SECONDS, STRIPE_OBJECT_TYPES, STRIPE_RESOURCES, StripeAccount, type StripeResource } from './stripe-account';
import { maskKey, stripeError, stripeRateLimited } from './stripe-errors';
import { isResponse, parseListQuery } from './stripe-list-query';
import type { StripeObject } from './stripe-object-list';
import { StripeOperations } from './stripe-operations';

/** A key the fake accepts; a restricted key (`rk_...`) may read only the resources listed. */
export interface StripeFakeKey {
  /** Resources this key may read (default: all). */
  readonly resources?: readonly StripeResource[];
}

/** Options of {@link startStripeFake}. */
export interface StripeFakeOptions {
  /** Accepted secret keys (default: `sk_test_fake` with full access). */
  readonly keys?: Readonly<Record<string, StripeFakeKey>>;
  /** Clock of the fake's data ("now" for `created` and event retention); share it with the code under test. Rate limits use real time. */
  readonly clock?: TestClock;
  /** Requests per second per key (default: Stripe's 25 for test keys, 100 for live keys); 0 turns limiting off. */
  readonly ratePerSecond?: number;
  /** Requests a full budget allows at once (default: one second's worth). */
  readonly burst?: number;
  /** Outermost middleware, e.g. `injectFaults(...)`. */
  readonly middleware?: readonly HttpMiddleware[];
  /** Event retention in seconds (default 30 days). */
  readonly eventRetentionSeconds?: number;
  /**
   * Put the whole key in authentication errors instead of Stripe's masked form, as a badly
   * behaved proxy might; lets tests prove that connectors redact keys themselves.
   */
  readonly echoKeysInErrors?: boolean;
}

/** A running fake Stripe API. */
export interface StripeFake extends AsyncDisposable {
  /** Base URL (`api_base`), e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly log: RequestLog;
  /** The account the keys belong to. */
  readonly platform: StripeAccount;
  /** Business operations on the platform account. */
  readonly ops: StripeOperations;
  /** A connected account (created on first use), reachable with the `Stripe-Account` header. */
  account(id: string): StripeAccount;
  /** Requests answered 429 so far (rate limit or injected). */
  count429(): number;
  close(): Promise<void>;
}

/**
 * Starts a fake Stripe API on 127.0.0.1 (port 0): list endpoints newest-first with `limit`,
 * `starting_after`, `ending_before` and `created[...]` filters, retrieve endpoints, `/v1/events`
 * with `type`/`types[]` and 30-day retention, Bearer-key authentication with Stripe's error
 * bodies, restricted keys, connected accounts (`Stripe-Account`) and a per-key rate limit
 * answering Stripe's 429. Mutate it between runs with `fake.ops` (events are recorded).
 *
 * @example
 * const fake = await startStripeFake({ clock });
 * seedStripeAccount(fake.platform, { charges: 1000 });
 * fake.ops.refundCharge(chargeId);
 */
export async function startStripeFake(options: StripeFakeOptions = {}): Promise<StripeFake> {
  const clock = options.clock ?? { now: () => Date.now() };
  const keys = options.keys ?? { sk_test_fake: {} };
  const platform = new StripeAccount('acct_platform', clock, Object.keys(keys).some((k) => k.includes('_live_')));
  const accounts = new Map<string, StripeAccount>();
  const retention = options.eventRetentionSeconds ?? STRIPE_EVENT_RETENTION_SECONDS;
  const keyOf = (r: TestHttpRequest): string => /^Bearer\s+(.+)$/i.exec(r.headers.authorization ?? '')?.[1]?.trim() ?? '';
  const shown = (key: string): string => (options.echoKeysInErrors ? key : maskKey(key));

  const accountOf = (r: TestHttpRequest): StripeAccount | TestHttpResponse => {
    const header = r.headers['stripe-account'];
    if (typeof header !== 'string' || header === '') return platform;
    const acct = accounts.get(header);
    if (acct) return acct;
    return stripeError(403, `The provided key '${shown(keyOf(r))}' does not have access to account '${header}' (or that account does not exist). Application access may have been revoked.`, {
      type: 'invalid_request_error',
    });
  };

  const auth: HttpMiddleware = (request, next) => {
    const key = keyOf(request);
    if (!key) return stripeError(401, 'You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth.');
    const grant = keys[key];
    if (!grant) return stripeError(401, `Invalid API Key provided: ${shown(key)}`);
    const resource = /^\/v1\/([a-z_]+)/.exec(request.path)?.[1] as StripeResource | undefined;
    if (grant.resources && resource && !grant.resources.includes(resource)) {
      return stripeError(403, `The provided key '${shown(key)}' does not have the required permissions for this endpoint on account 'acct_platform'. Having the 'rak_${STRIPE_OBJECT_TYPES[resource] ?? resource}_read' permission would allow this request to continue.`);
    }
    return next(request);
  };

  const limitOf = (key: string): number => options.ratePerSecond ?? (key.includes('_live_') ? 100 : 25);
  const limiter = rateLimit({
    key: keyOf,
    ratePerSecond: (k) => limitOf(k) || Number.POSITIVE_INFINITY,
    burst: (k) => options.burst ?? (limitOf(k) || Number.POSITIVE_INFINITY),
    limited: (r) => stripeRateLimited(limitOf(keyOf(r))),
    // Request rates are real: the limiter runs on the system clock even when `clock` is manual.
  });

  const router = new HttpRouter((r) => stripeError(404, `Unrecognized request URL (${r.method}: ${r.path}).`));
  const list = (resource: StripeResource) => (request: TestHttpRequest): TestHttpResponse => {
    const account = accountOf(request);
    if (!(account instanceof StripeAccount)) return account;
    const query = parseListQuery(request, filterFor(resource, request));
    if (isResponse(query)) return query;
    const bounded = resource === 'events' ? { ...query, createdFrom: Math.max(query.createdFrom ?? 0, account.nowSeconds() - retention) } : query;
    const result = account.list(resource).list(bounded);
    if ('unknownCursor' in result) {
      return stripeError(400, `No such ${STRIPE_OBJECT_TYPES[resource]}: '${result.unknownCursor}'`, { code: 'resource_missing', param: query.startingAfter ? 'starting_after' : 'ending_before' });
    }
    return { body: { object: 'list', data: result.data, has_more: result.hasMore, url: `/v1/${resource}` } };
  };
  const retrieve = (resource: StripeResource) => (request: TestHttpRequest): TestHttpResponse => {
    const account = accountOf(request);
    if (!(account instanceof StripeAccount)) return account;
    const id = request.params.id!;
    const object = account.get(resource, id);
    const missing = (): TestHttpResponse => stripeError(404, `No such ${STRIPE_OBJECT_TYPES[resource]}: '${id}'`, { code: 'resource_missing', param: 'id' });
    if (!object) return missing();
    if (account.list(resource).isDeleted(id)) return resource === 'customers' ? { body: { id, object: 'customer', deleted: true } } : missing();
    if (resource === 'events' && object.created < account.nowSeconds() - retention) return missing();
    return { body: object };
  };
  for (const resource of STRIPE_RESOURCES) {
    router.get(`/v1/${resource}`, list(resource));
    router.get(`/v1/${resource}/:id`, retrieve(resource));
  }
  router.get('/v1/account', (r) => {
    const account = accountOf(r);
    return account instanceof StripeAccount ? { body: { id: account.id, object: 'account', livemode: account.livemode } } : account;
  });

  const server: HttpTestServer = await startHttpTestServer({
    handler: router.handler,
    middleware: [...(options.middleware ?? []), auth, limiter],
    clock,
    logHeaders: ['stripe-account'],
  });
  return {
    url: server.url,
    log: server.log,
    platform,
    ops: new StripeOperations(platform),
    account: (id) => {
      let acct = accounts.get(id);
      if (!acct) accounts.set(id, (acct = new StripeAccount(id, clock, platform.livemode)));
      return acct;
    },
    count429: () => server.log.countStatus(429),
    close: () => server.close(),
    [Symbol.asyncDispose]: () => server.close(),
  };
}

function filterFor(resource: StripeResource, request: TestHttpRequest): ((o: StripeObject) => boolean) | undefined {
  const q = request.query;
  const tests: Array<(o: StripeObject) => boolean> = [];
  if (resource === 'subscriptions') {
    const status = q.get('status');
    if (status !== 'all') tests.push(status ? (o) => o.status === status : (o) => o.status !== 'canceled' && o.status !== 'incomplete_expired');
  }
  if (resource === 'events') {
    const types = [...q.entries()].filter(([k]) => k === 'types[]' || /^types\[\d+\]$/.test(k)).map(([, v]) => v);
    const single = q.get('type');
    if (single) types.push(single);
    if (types.length > 0) {
      const patterns = types.map((t) => (t.endsWith('.*') ? { prefix: t.slice(0, -1) } : { exact: t }));
      tests.push((o) => patterns.some((p) => ('exact' in p ? o.type === p.exact : String(o.type).startsWith(p.prefix))));
    }
  }
  for (const field of ['customer', 'charge', 'payment_intent', 'product', 'subscription', 'type', 'source'] as const) {
    if (resource === 'events' && field === 'type') continue;
    const v = q.get(field);
    if (v !== null) tests.push((o) => o[field] === v);
  }
  return tests.length === 0 ? undefined : (o) => tests.every((t) => t(o));
}
