import {
  type ConfigIssue, ConfigError, defineSpec, resolveSourceParameters, type SourceParameters, sourceParameterProperties, sourceParameterRules,
  type SourceParametersInput, suggest,
} from '@sqlflow/core';
import type { JSONSchemaType } from 'ajv';
import { STRIPE_STREAM_NAMES } from './streams/stream-names';

/** Stripe connector configuration as the user writes it (after alias resolution). */
export interface StripeConfig extends SourceParametersInput {
  secret_key: string;
  account_id?: string;
  lookback_window_days: number;
  slice_range_days: number;
  stream?: string;
  api_base: string;
  max_requests_per_second?: number;
  page_size: number;
  batch_size: number;
}

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['secret_key'],
  properties: {
    secret_key: {
      type: 'string',
      description: 'Stripe secret key (`sk_live_...`, `sk_test_...`) or restricted key (`rk_...`) with read access to the streams; use `${env.STRIPE_SECRET_KEY}`. Redacted everywhere.',
      'x-secret': true,
      'x-aliases': ['api_key', 'client_secret'],
      'x-example': '${env.STRIPE_SECRET_KEY}',
    },
    account_id: {
      type: 'string',
      nullable: true,
      description: 'Connected account to read (`acct_...`), sent as the `Stripe-Account` header; default: the key\'s own account.',
      'x-example': 'acct_1Nv0FGQ9RKHgCVdK',
    },
    lookback_window_days: {
      type: 'integer',
      minimum: 0,
      default: 0,
      description: 'Incremental runs re-read this many days before the stored event position (late events; balance-transaction status changes).',
      'x-aliases': ['lookback_days'],
    },
    slice_range_days: {
      type: 'integer',
      minimum: 1,
      default: 365,
      description: 'Days of `created` per time slice in sliced reads (first sync, full refresh, re-read); slices are read in parallel within the rate budget.',
      'x-aliases': ['slice_range'],
    },
    stream: {
      type: 'string',
      nullable: true,
      description: `Stream to read: ${STRIPE_STREAM_NAMES.join(', ')}. Without it a LOAD reads the stream named like its target table.`,
      'x-aliases': ['resource', 'object'],
      'x-example': 'charges',
    },
    api_base: {
      type: 'string',
      default: 'https://api.stripe.com',
      description: 'Base URL of the Stripe API; change it for a proxy or a local test server.',
      'x-aliases': ['base_url'],
    },
    max_requests_per_second: {
      type: 'number',
      nullable: true,
      exclusiveMinimum: 0,
      description: 'Request budget per key, shared by every SOURCE using that key in a run; default 25 for test keys (`sk_test_`, `rk_test_`), 100 for live keys.',
      'x-aliases': ['requests_per_second', 'rate_limit'],
    },
    page_size: { type: 'integer', minimum: 1, maximum: 100, default: 100, description: 'Objects per list request (Stripe allows at most 100).', 'x-aliases': ['limit'] },
    batch_size: { type: 'integer', minimum: 1, default: 10_000, description: 'Rows per Arrow batch (batches are also capped at about 16 MiB).' },
    ...sourceParameterProperties,
  },
} as unknown as JSONSchemaType<StripeConfig>;

const KEY = /^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/;

const rules: ReadonlyArray<(c: StripeConfig) => ConfigIssue | undefined> = [
  ...sourceParameterRules,
  (c) =>
    KEY.test(c.secret_key)
      ? undefined
      : {
          parameter: 'secret_key',
          message: c.secret_key.startsWith('pk_')
            ? '`secret_key` is a publishable key (pk_...), which cannot read data; use a secret key (sk_...) or a restricted key (rk_...) from the Stripe dashboard'
            : '`secret_key` must be a Stripe secret key (sk_live_/sk_test_...) or restricted key (rk_live_/rk_test_...)',
        },
  (c) => (c.stream === undefined || c.stream === null || STRIPE_STREAM_NAMES.includes(c.stream) ? undefined : { parameter: 'stream', message: unknownStreamMessage(c.stream) }),
  (c) => {
    try {
      const u = new URL(c.api_base);
      return u.protocol === 'http:' || u.protocol === 'https:' ? undefined : { parameter: 'api_base', message: '`api_base` must be an http(s) URL' };
    } catch {
      return { parameter: 'api_base', message: `\`api_base\` is not a URL: "${c.api_base}"` };
    }
  },
  (c) =>
    c.sync_mode === 'incremental' && c.cursor_field && c.cursor_field !== 'sync_position'
      ? { parameter: 'cursor_field', message: `Stripe streams are read incrementally through Stripe's event log; set \`cursor_field\` to \`sync_position\` (got \`${c.cursor_field}\`)` }
      : undefined,
];

/** The "unknown stream" message with a did-you-mean and the list of streams. */
export function unknownStreamMessage(stream: string): string {
  const hint = suggest(stream, STRIPE_STREAM_NAMES);
  return `unknown Stripe stream \`${stream}\`${hint ? `; did you mean \`${hint}\`?` : ''} (streams: ${STRIPE_STREAM_NAMES.join(', ')})`;
}

/** The Stripe connector's configuration contract: one JSON Schema plus cross-field rules. */
export const stripeSpec = defineSpec<StripeConfig>({ schema, rules });

/** A validated configuration with derived values. */
export interface ResolvedStripeConfig {
  readonly secretKey: string;
  readonly accountId: string | undefined;
  readonly apiBase: URL;
  readonly requestsPerSecond: number;
  readonly lookbackSeconds: number;
  readonly sliceSeconds: number;
  readonly stream: string | undefined;
  readonly pageSize: number;
  readonly batchSize: number;
  /** Lower bound of sliced reads, in seconds. */
  readonly startSeconds: number;
  readonly source: SourceParameters;
}

/** Stripe launched in 2011: nothing is older. */
const STRIPE_EPOCH = Date.parse('2011-01-01T00:00:00Z') / 1000;

/** Derives defaults (rate by key mode, start date) from a validated configuration. */
export function resolveStripeConfig(c: StripeConfig): ResolvedStripeConfig {
  const source = resolveSourceParameters(c);
  const live = /^(sk|rk)_live_/.test(c.secret_key);
  const start = source.startDate ? Math.floor(Date.parse(source.startDate) / 1000) : STRIPE_EPOCH;
  if (Number.isNaN(start)) throw new ConfigError(`\`start_date\` is not a date: "${source.startDate}"`, { parameter: 'start_date', connector: 'stripe' });
  return {
    secretKey: c.secret_key,
    accountId: c.account_id ?? undefined,
    apiBase: new URL(c.api_base),
    requestsPerSecond: c.max_requests_per_second ?? (live ? 100 : 25),
    lookbackSeconds: c.lookback_window_days * 86_400,
    sliceSeconds: c.slice_range_days * 86_400,
    stream: c.stream ?? undefined,
    pageSize: c.page_size,
    batchSize: c.batch_size,
    startSeconds: start,
    source,
  };
}
