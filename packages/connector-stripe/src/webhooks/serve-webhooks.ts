import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isSqlflowError, type Logger, noopLogger } from '@sqlflow/core';
import { type VerifiedStripeEvent, verifyStripeSignature } from './verify-signature';

/** Options of {@link serveStripeWebhooks}. */
export interface ServeWebhooksOptions {
  /** Port to listen on (0: the OS picks). */
  readonly port: number;
  /** Interface (default 127.0.0.1; use 0.0.0.0 behind a proxy). */
  readonly host?: string;
  /** The endpoint's signing secret (`whsec_...`). */
  readonly secret: string;
  /** Path of the endpoint (default `/stripe/webhooks`). */
  readonly path?: string;
  /** Called once per verified event; Stripe retries the delivery when it throws. */
  readonly onEvent: (event: VerifiedStripeEvent, rawBody: string) => Promise<void> | void;
  readonly toleranceSeconds?: number;
  readonly logger?: Logger;
  /** Largest accepted body (default 1 MiB). */
  readonly maxBodyBytes?: number;
}

/** A running webhook endpoint. */
export interface WebhookServer extends AsyncDisposable {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Serves a Stripe webhook endpoint: verifies `Stripe-Signature` over the raw body, then hands
 * the event to `onEvent` and answers 200 only after it resolved (so a failed store gets a 500
 * and Stripe delivers again). Bad signatures get 400, other paths 404.
 *
 * @example
 * const server = await serveStripeWebhooks({ port: 4242, secret, onEvent: (e, raw) => sink.append(e, raw) });
 */
export async function serveStripeWebhooks(options: ServeWebhooksOptions): Promise<WebhookServer> {
  const logger = options.logger ?? noopLogger;
  const path = options.path ?? '/stripe/webhooks';
  const max = options.maxBodyBytes ?? 1024 * 1024;
  const server: Server = createServer((req, res) => {
    const answer = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://x').pathname !== path) return answer(404, { error: 'not found' });
    void readRaw(req, max)
      .then(async (raw) => {
        let event: VerifiedStripeEvent;
        try {
          event = verifyStripeSignature(raw, header(req), options.secret, { toleranceSeconds: options.toleranceSeconds });
        } catch (error) {
          logger.warn(`rejected webhook: ${(error as Error).message}`);
          return answer(400, { error: (error as Error).message });
        }
        try {
          await options.onEvent(event, raw.toString('utf8'));
          answer(200, { received: true });
        } catch (error) {
          logger.error(`storing webhook event ${event.id} failed: ${(error as Error).message}`, isSqlflowError(error) ? { code: error.code } : undefined);
          answer(500, { error: 'event not stored; Stripe will retry' });
        }
      })
      .catch((error: unknown) => answer(413, { error: (error as Error).message }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => (closed ??= new Promise((resolve) => server.close(() => resolve())));
  return { url: `http://${address}:${port}${path}`, port, close, [Symbol.asyncDispose]: close };
}

function header(req: IncomingMessage): string | undefined {
  const h = req.headers['stripe-signature'];
  return Array.isArray(h) ? h[0] : h;
}

function readRaw(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        reject(new Error(`webhook body larger than ${max} bytes`));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
