import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { AbortedError, type ConnectorContext } from '@sqlflow/core';
import { TokenBucket } from '@sqlflow/resilience';
import Stripe from 'stripe';
import type { ResolvedStripeConfig } from './stripe-config';
import { mapStripeError } from './stripe-errors';

/** A Stripe object as this connector reads it. */
export type StripeRecord = { readonly id: string; readonly created: number } & Readonly<Record<string, unknown>>;

/** One list page. */
export interface StripeListPage {
  readonly data: readonly StripeRecord[];
  readonly has_more: boolean;
}

/** Parameters of a list request. */
export interface StripeListParams {
  readonly limit: number;
  readonly starting_after?: string;
  readonly created?: { readonly gte?: number; readonly lt?: number };
  readonly [extra: string]: unknown;
}

/** Calls one typed SDK list method. */
export type StripeLister = (stripe: Stripe, params: StripeListParams, options: Stripe.RequestOptions) => PromiseLike<unknown>;

/**
 * The shared request budget of one key in one run: every session using the key spends from it.
 * The registry key is a hash, never the key itself.
 */
export function sharedBudget(context: ConnectorContext, secretKey: string, requestsPerSecond: number): TokenBucket {
  const id = createHash('sha256').update(secretKey).digest('hex').slice(0, 16);
  return context.shared.getOrCreate(`stripe:${id}`, () => new TokenBucket({ ratePerSecond: requestsPerSecond, burst: Math.max(1, Math.floor(requestsPerSecond / 5)) }));
}

/**
 * The Stripe API as this connector uses it: the official `stripe` SDK (types, auth, error
 * classes) with its own retries off (`maxNetworkRetries: 0`), because every request goes
 * through `context.policy` (retries, backoff, timeouts, breaker) and spends one token of the
 * key's shared budget. The per-attempt abort signal reaches the SDK's fetch through
 * AsyncLocalStorage, since SDK methods take no signal.
 */
export class StripeClient {
  readonly stripe: Stripe;
  readonly budget: TokenBucket;
  private readonly signals = new AsyncLocalStorage<AbortSignal>();
  private readonly options: Stripe.RequestOptions;
  /** Requests sent (attempts included). */
  requests = 0;

  constructor(
    config: ResolvedStripeConfig,
    private readonly context: ConnectorContext,
    private readonly redact: (text: string) => string,
  ) {
    const base = config.apiBase;
    const signals = this.signals;
    const fetchWithSignal: typeof fetch = (input, init) => {
      const attempt = signals.getStore();
      const signal = attempt && init?.signal ? AbortSignal.any([attempt, init.signal]) : (attempt ?? init?.signal ?? undefined);
      return fetch(input, { ...init, signal });
    };
    this.stripe = new Stripe(config.secretKey, {
      host: base.hostname,
      port: base.port || (base.protocol === 'http:' ? '80' : '443'),
      protocol: base.protocol === 'http:' ? 'http' : 'https',
      maxNetworkRetries: 0,
      timeout: 120_000,
      telemetry: false,
      httpClient: Stripe.createFetchHttpClient(fetchWithSignal),
      appInfo: { name: 'sqlflow-connector-stripe', version: '0.1.0' },
    });
    this.options = config.accountId ? { stripeAccount: config.accountId } : {};
    this.budget = sharedBudget(context, config.secretKey, config.requestsPerSecond);
  }

  /** Fetches one list page through the policy and the shared budget. */
  async list(what: string, lister: StripeLister, params: StripeListParams, signal?: AbortSignal): Promise<StripeListPage> {
    return (await this.call(what, (stripe, options) => lister(stripe, params, options), signal)) as StripeListPage;
  }

  /** Runs one SDK call as one policy-wrapped attempt sequence; errors come back typed and redacted. */
  async call<T>(what: string, fn: (stripe: Stripe, options: Stripe.RequestOptions) => PromiseLike<T>, signal?: AbortSignal): Promise<T> {
    return this.context.policy.execute(async ({ signal: attempt }) => {
      await this.budget.acquire(attempt);
      this.requests++;
      try {
        return await this.signals.run(attempt, () => fn(this.stripe, this.options));
      } catch (error) {
        // The budget runs on real time (its timers are setTimeout), so its pauses use Date.now().
        const mapped = mapStripeError(error, what, this.redact, Date.now());
        // The SDK reports an aborted fetch as a timeout; when our caller aborted, say so.
        if (signal?.aborted) throw new AbortedError(`Stripe ${what} was aborted`, { cause: mapped });
        const status = (error as { statusCode?: number }).statusCode;
        if (status === 429) {
          // Hold off every session on this key, not only this call's retry.
          const wait = (mapped as { retryAfterMs?: number }).retryAfterMs ?? 1000;
          this.budget.pauseUntil(Date.now() + wait);
        }
        throw mapped;
      }
    }, signal);
  }
}
