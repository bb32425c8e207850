import { Agent, createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the S3 test server received, as its S3 client sent it. */
export interface S3LoggedRequest {
  readonly method: string;
  /** URL path, decoded: `/bucket/key` for path-style requests. */
  readonly path: string;
  /** Query parameters (`list-type`, `prefix`, `delimiter`, `continuation-token`, `uploadId`, ...). */
  readonly query: Readonly<Record<string, string>>;
  /** The `Range` header of ranged GETs. */
  readonly range?: string;
  /** The `Host` header (`bucket.host:port` for virtual-hosted-style requests). */
  readonly host: string;
}

/** Which requests a fault applies to, and to how many of them (default 1). */
export interface S3FaultMatch {
  readonly method?: string;
  /** Matches when the request path starts with this. */
  readonly pathPrefix?: string;
  /** Matches when this query parameter is present (`uploadId`, `partNumber`, `list-type`). */
  readonly queryParam?: string;
  /** `whole`: only requests without a `Range` header; `ranged`: only requests with one; a RegExp: a `Range` header it matches. */
  readonly range?: 'whole' | 'ranged' | RegExp;
  readonly times?: number;
}

/** An S3 error answered instead of forwarding: e.g. `{ method: 'GET', status: 503, code: 'SlowDown' }`. */
export interface S3ErrorFault extends S3FaultMatch {
  readonly status: number;
  readonly code: string;
  readonly message?: string;
}

/**
 * A response served normally but cut off: the connection closes after `cutAfterBytes` bytes of
 * the body (a network drop in the middle of a download).
 */
export interface S3CutFault extends S3FaultMatch {
  readonly cutAfterBytes: number;
}

/** A fault for the next `times` matching requests (default 1). */
export type S3Fault = S3ErrorFault | S3CutFault;

interface ArmedFault {
  readonly fault: S3Fault;
  remaining: number;
}

/** A recording front for the S3 server: logs each request, injects armed faults, forwards the rest. */
export class S3RecordingProxy {
  private readonly log: S3LoggedRequest[] = [];
  private readonly faults: ArmedFault[] = [];
  private readonly agent = new Agent({ keepAlive: true });
  private server: Server | undefined;

  constructor(private readonly upstreamPort: number) {}

  /** Listens on a free port of 127.0.0.1 and resolves with it. */
  async listen(): Promise<number> {
    const server = createServer((req, res) => this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  }

  requests(): readonly S3LoggedRequest[] {
    return [...this.log];
  }

  clear(): void {
    this.log.length = 0;
  }

  inject(fault: S3Fault): void {
    this.faults.push({ fault, remaining: fault.times ?? 1 });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.agent.destroy();
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://local');
    const entry: S3LoggedRequest = {
      method: req.method ?? 'GET',
      path: decodeURIComponent(url.pathname),
      query: Object.fromEntries(url.searchParams),
      host: req.headers.host ?? '',
      ...(typeof req.headers.range === 'string' ? { range: req.headers.range } : {}),
    };
    this.log.push(entry);
    const armed = this.faults.find((a) => a.remaining > 0 && matches(a.fault, entry));
    if (armed) armed.remaining--;
    const fault = armed?.fault;
    if (fault && 'status' in fault) {
      req.resume();
      req.on('end', () => sendError(res, fault));
      return;
    }
    const upstream = httpRequest(
      { host: '127.0.0.1', port: this.upstreamPort, method: req.method, path: req.url, headers: req.headers, agent: this.agent },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        if (fault) cutBody(up, res, fault.cutAfterBytes);
        else up.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  }
}

/** Forwards the first `limit` bytes of `up`, then closes the connection mid-body. */
function cutBody(up: IncomingMessage, res: ServerResponse, limit: number): void {
  let sent = 0;
  up.on('data', (chunk: Buffer) => {
    if (sent >= limit) return;
    const part = chunk.subarray(0, limit - sent);
    sent += part.length;
    if (sent < limit) res.write(part);
    else {
      up.destroy();
      res.write(part, () => res.socket?.destroy());
    }
  });
  up.on('end', () => res.end());
}

function matches(f: S3Fault, r: S3LoggedRequest): boolean {
  return (
    (f.method === undefined || f.method.toUpperCase() === r.method) &&
    (f.pathPrefix === undefined || r.path.startsWith(f.pathPrefix)) &&
    (f.queryParam === undefined || f.queryParam in r.query) &&
    (f.range === undefined || (f.range instanceof RegExp ? f.range.test(r.range ?? '') : (f.range === 'ranged') === (r.range !== undefined)))
  );
}

function sendError(res: ServerResponse, f: S3ErrorFault): void {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${f.code}</Code><Message>${f.message ?? f.code}</Message><RequestId>SQLFLOWTEST</RequestId></Error>`;
  res.writeHead(f.status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body), 'x-amz-request-id': 'SQLFLOWTEST' });
  res.end(body);
}
