import { resolve } from 'node:path';
import { ConfigError, createRedactor } from '@sqlflow/core';
import { serveStripeWebhooks, webhookEventsSql } from '@sqlflow/connector-stripe';
import { Engine } from '@sqlflow/engine';
import type { CliIo } from '../cli-io';
import { createCliLogger } from '../cli-logger';
import { EXIT } from '../exit-codes';

/** Flags of `sqlflow webhooks stripe`. */
export interface StripeWebhookFlags {
  readonly port: string;
  readonly host?: string;
  readonly path?: string;
  readonly database: string;
  readonly table?: string;
  readonly secretEnv: string;
}

/** Resolves when the process is asked to stop (SIGINT or SIGTERM). */
function stopRequested(): Promise<string> {
  return new Promise((done) => {
    process.once('SIGINT', () => done('SIGINT'));
    process.once('SIGTERM', () => done('SIGTERM'));
  });
}

/**
 * `sqlflow webhooks stripe`: serves a Stripe webhook endpoint, verifies each delivery's
 * signature and appends every event to a DuckDB table exactly once (by event id), until stopped.
 */
export async function stripeWebhooksCommand(flags: StripeWebhookFlags, io: CliIo): Promise<number> {
  const secret = io.env[flags.secretEnv];
  if (!secret) {
    throw new ConfigError(`set the endpoint's signing secret (whsec_...) in the environment variable ${flags.secretEnv}, or name another with --secret-env`, { parameter: 'secret-env' });
  }
  const port = Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`--port must be a port number, got "${flags.port}"`, { parameter: 'port' });
  const logger = createCliLogger(io.err, 'info', createRedactor([secret]));
  const engine = await Engine.open({ path: resolve(io.cwd, flags.database) });
  const sql = webhookEventsSql(flags.table);
  try {
    await engine.run(sql.create);
    const server = await serveStripeWebhooks({
      port,
      host: flags.host,
      path: flags.path,
      secret,
      logger,
      onEvent: async (event, raw) => {
        const stored = await engine.run(sql.insert, [event.id, event.type, event.created, typeof event.account === 'string' ? event.account : null, raw]);
        logger.info(stored > 0 ? `stored ${event.type} ${event.id}` : `duplicate delivery of ${event.id} ignored`);
      },
    });
    io.out(`listening on ${server.url} (events -> ${engine.path} table ${flags.table ?? 'stripe_webhook_events'}); stop with Ctrl-C\n`);
    const signal = await stopRequested();
    await server.close();
    io.err(`stopped (${signal})\n`);
    return EXIT.ok;
  } finally {
    await engine.close();
  }
}
