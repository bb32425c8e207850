import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { HttpHandler, HttpMiddleware, TestClock, TestHttpRequest, TestHttpResponse } from './http-types';
import { ANSWERED_BY_HEADER, RequestLog } from './request-log';

/** Options of {@link startHttpTestServer}. */
export interface HttpTestServerOptions {
  /** Answers requests that no middleware answered. */
  readonly handler: HttpHandler;
  /** Runs around the handler, first one outermost (rate limits, faults, auth). */
  readonly middleware?: readonly HttpMiddleware[];
  /** Interface to bind (default 127.0.0.1; the port is always chosen by the OS). */
  readonly host?: string;
  /** Request headers copied into the log (lower case; `authorization` is never logged). */
  readonly logHeaders?: readonly string[];
  /** Time source for the log (default the system clock). */
  readonly clock?: TestClock;
  /** Largest request body accepted, in bytes (default 1 MiB). */
  readonly maxBodyBytes?: number;
}

/** A running fake API. */
export interface HttpTestServer extends AsyncDisposable {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Every request answered so far. */
  readonly log: RequestLog;
  /** Stops the server and drops open connections (hanging requests included). Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts a fake HTTP API on 127.0.0.1, on a port the OS picks, so parallel tests never
 * collide. Each request goes through `middleware` then `handler`; the answer is logged.
 *
 * @example
 * const server = await startHttpTestServer({ handler: router.handler, middleware: [injectFaults({ seed: 1, rate: 0.1 })] });
 * try { ... fetch(`${server.url}/v1/items`) ... } finally { await server.close(); }
 */
export async function startHttpTestServer(options: HttpTestServerOptions): Promise<HttpTestServer> {
  const log = new RequestLog();
  const clock = options.clock ?? { now: () => Date.now() };
  const sockets = new Set<Socket>();
  const chain = compose(options.middleware ?? [], options.handler);
  const logHeaders = (options.logHeaders ?? []).filter((h) => h.toLowerCase() !== 'authorization');
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;

  const server = createServer((req, res) => {
    void serve(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `test server handler failed: ${(error as Error).message}` } }));
      } else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req, maxBody);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const request: TestHttpRequest = { method: (req.method ?? 'GET').toUpperCase(), path: url.pathname, query: url.searchParams, headers: req.headers, body, params: {} };
    const response = await chain(request);
    const answeredBy = response.headers?.[ANSWERED_BY_HEADER] ?? 'handler';
    const status = response.destroy || response.hang ? 0 : (response.status ?? 200);
    const headers: Record<string, string> = {};
    for (const h of logHeaders) {
      const v = req.headers[h.toLowerCase()];
      if (typeof v === 'string') headers[h.toLowerCase()] = v;
    }
    log.add({ method: request.method, path: request.path, query: url.search, status, answeredBy, at: clock.now(), headers });
    if (response.delayMs) await new Promise((r) => setTimeout(r, response.delayMs));
    if (response.hang) return;
    if (response.destroy) {
      req.socket.destroy();
      return;
    }
    write(res, response);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    });
    return closed;
  };
  return { url: `http://${address}:${port}`, port, log, close, [Symbol.asyncDispose]: close };
}

function compose(middleware: readonly HttpMiddleware[], handler: HttpHandler): HttpHandler {
  return middleware.reduceRight<HttpHandler>((next, m) => (request) => m(request, next), handler);
}

function write(res: ServerResponse, response: TestHttpResponse): void {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(response.headers ?? {})) if (k.toLowerCase() !== ANSWERED_BY_HEADER) headers[k.toLowerCase()] = v;
  let payload: string | Buffer;
  if (response.body === undefined) payload = '';
  else if (typeof response.body === 'string' || Buffer.isBuffer(response.body)) payload = response.body;
  else {
    payload = JSON.stringify(response.body);
    headers['content-type'] ??= 'application/json';
  }
  headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(response.status ?? 200, headers);
  res.end(payload);
}

function readBody(req: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        reject(new Error(`request body larger than ${max} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
