import type { IncomingHttpHeaders } from 'node:http';

/** A request as a fake API's handler sees it: the body is already read. */
export interface TestHttpRequest {
  readonly method: string;
  /** Path without the query string, e.g. `/v1/charges/ch_1`. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Lower-cased header names, as Node gives them. */
  readonly headers: IncomingHttpHeaders;
  /** The raw body text (empty for GET). */
  readonly body: string;
  /** Values captured by the route pattern (`/v1/charges/:id` gives `{ id }`). */
  readonly params: Readonly<Record<string, string>>;
}

/**
 * What a handler answers. `body` is sent as JSON unless it is a string or a Buffer; `hang`
 * never answers (the connection stays open until the client gives up or the server closes);
 * `destroy` drops the connection without an answer.
 */
export interface TestHttpResponse {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** Wait this long before answering (slow server). */
  readonly delayMs?: number;
  readonly hang?: boolean;
  readonly destroy?: boolean;
}

/** Answers one request. */
export type HttpHandler = (request: TestHttpRequest) => TestHttpResponse | Promise<TestHttpResponse>;

/**
 * Wraps the handler: may answer by itself (a 429, a fault) or call `next` and change what it
 * returns. Middleware runs in the order given, the first one outermost.
 */
export type HttpMiddleware = (request: TestHttpRequest, next: HttpHandler) => TestHttpResponse | Promise<TestHttpResponse>;

/** A source of "now" in milliseconds, so tests can move time by hand. */
export interface TestClock {
  now(): number;
}
