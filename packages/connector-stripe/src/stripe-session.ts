import {
  type CallOptions, ConfigError, type ConnectorContext, type ConnectorSession, type HealthReport, type ReadRequest, type StreamBatch, type StreamDescriptor,
  throwIfAborted,
} from '@sqlflow/core';
import type { Schema } from 'apache-arrow';
import { readStripeStream } from './read/stream-reader';
import { StripeClient } from './stripe-client';
import { type ResolvedStripeConfig, type StripeConfig, resolveStripeConfig, unknownStreamMessage } from './stripe-config';
import { stripeRedactor } from './stripe-redact';
import { SYNC_POSITION, streamSchema } from './streams/stream-columns';
import type { StripeStreamDefinition } from './streams/stream-definition';
import { STRIPE_STREAMS } from './streams/stream-registry';

const schemas = new Map<string, Schema>(STRIPE_STREAMS.map((d) => [d.name, streamSchema(d.columns)]));

/** The Arrow schema of a Stripe stream. */
export function stripeStreamSchema(name: string): Schema | undefined {
  return schemas.get(name);
}

/** An open Stripe source. No I/O happens until `check()` or `read()`. */
export class StripeSession implements ConnectorSession {
  private readonly config: ResolvedStripeConfig;
  private readonly client: StripeClient;
  private closed = false;

  constructor(config: StripeConfig, private readonly context: ConnectorContext) {
    this.config = resolveStripeConfig(config);
    this.client = new StripeClient(this.config, context, stripeRedactor([config.secret_key]));
  }

  /** Lists one object of the configured stream (or customers): proves key, permission and account. */
  async check(options: CallOptions = {}): Promise<void> {
    const def = this.definition(this.config.stream ?? 'customers');
    await this.client.list(`list ${def.name} (check)`, def.list, { limit: 1 }, options.signal ?? this.context.signal);
  }

  /** The configured stream, or every stream when none is configured. */
  async discover(): Promise<StreamDescriptor[]> {
    const defs = this.config.stream ? [this.definition(this.config.stream)] : STRIPE_STREAMS;
    return defs.map((d) => ({
      name: d.name,
      schema: schemas.get(d.name)!,
      primaryKey: ['id'],
      defaultCursorField: SYNC_POSITION,
      supportedSyncModes: ['full_refresh', 'incremental'],
      description: d.description,
    }));
  }

  /** Streams one Stripe resource (see `readStripeStream` for the plan). */
  async *read(request: ReadRequest): AsyncGenerator<StreamBatch> {
    const def = this.definition(request.stream);
    const signal = request.signal ?? this.context.signal;
    throwIfAborted(signal);
    yield* readStripeStream(def, schemas.get(def.name)!, { ...request, signal }, {
      client: this.client, config: this.config, logger: this.context.logger.child({ stream: def.name }), nowMs: () => this.context.clock.now(),
    });
  }

  /** The shared request budget and how many requests this session sent. */
  async health(): Promise<HealthReport> {
    return {
      status: 'ok',
      metrics: { requests_per_second: this.config.requestsPerSecond, requests_sent: this.client.requests, account: this.config.accountId ?? null, api_base: this.config.apiBase.origin },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** Whether `close()` was called. */
  get isClosed(): boolean {
    return this.closed;
  }

  private definition(name: string): StripeStreamDefinition {
    const def = STRIPE_STREAMS.find((d) => d.name === name || d.name === name.toLowerCase());
    if (!def) throw new ConfigError(unknownStreamMessage(name), { parameter: 'stream', connector: 'stripe' });
    return def;
  }
}
