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

/**
 * An error the test server answers with instead of forwarding, for the next `times` matching
 * requests (default 1): e.g. `{ method: 'GET', status: 503, code: 'SlowDown' }`.
 */
export interface S3Fault {
  readonly method?: string;
  /** Matches when the request path starts with this. */
  readonly pathPrefix?: string;
  /** Matches when this query parameter is present (`uploadId`, `partNumber`, `list-type`). */
  readonly queryParam?: string;
  readonly status: number;
  readonly code: string;
  readonly message?: string;
  readonly times?: number;
}

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
    if (armed) {
      armed.remaining--;
      req.resume();
      req.on('end', () => sendError(res, armed.fault));
      return;
    }
    const upstream = httpRequest(
      { host: '127.0.0.1', port: this.upstreamPort, method: req.method, path: req.url, headers: req.headers, agent: this.agent },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  }
}

function matches(f: S3Fault, r: S3LoggedRequest): boolean {
  return (
    (f.method === undefined || f.method.toUpperCase() === r.method) &&
    (f.pathPrefix === undefined || r.path.startsWith(f.pathPrefix)) &&
    (f.queryParam === undefined || f.queryParam in r.query)
  );
}

function sendError(res: ServerResponse, f: S3Fault): void {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${f.code}</Code><Message>${f.message ?? f.code}</Message><RequestId>SQLFLOWTEST</RequestId></Error>`;
  res.writeHead(f.status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body), 'x-amz-request-id': 'SQLFLOWTEST' });
  res.end(body);
}
