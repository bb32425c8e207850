import type { HttpHandler, TestHttpRequest, TestHttpResponse } from './http-types';

interface Route {
  readonly method: string;
  readonly parts: readonly string[];
  readonly handler: HttpHandler;
}

/**
 * A minimal router for fake APIs: method + path pattern with `:name` segments. Unmatched
 * requests get `notFound` (by default a 404 JSON body).
 *
 * @example
 * const router = new HttpRouter().get('/v1/items/:id', (req) => ({ body: items.get(req.params.id) }));
 * await startHttpTestServer({ handler: router.handler });
 */
export class HttpRouter {
  private readonly routes: Route[] = [];

  constructor(private readonly notFound: HttpHandler = (req) => ({ status: 404, body: { error: { message: `No route for ${req.method} ${req.path}` } } })) {}

  /** Adds a GET route. */
  get(pattern: string, handler: HttpHandler): this {
    return this.route('GET', pattern, handler);
  }

  /** Adds a POST route. */
  post(pattern: string, handler: HttpHandler): this {
    return this.route('POST', pattern, handler);
  }

  /** Adds a DELETE route. */
  delete(pattern: string, handler: HttpHandler): this {
    return this.route('DELETE', pattern, handler);
  }

  /** Adds a route for any method (`*` matches every method). */
  route(method: string, pattern: string, handler: HttpHandler): this {
    this.routes.push({ method: method.toUpperCase(), parts: pattern.split('/').filter(Boolean), handler });
    return this;
  }

  /** The router as a handler for {@link startHttpTestServer}. */
  readonly handler: HttpHandler = (request) => this.dispatch(request);

  private dispatch(request: TestHttpRequest): TestHttpResponse | Promise<TestHttpResponse> {
    const segments = request.path.split('/').filter(Boolean);
    for (const route of this.routes) {
      if (route.method !== '*' && route.method !== request.method) continue;
      const params = match(route.parts, segments);
      if (params) return route.handler({ ...request, params });
    }
    return this.notFound(request);
  }
}

function match(parts: readonly string[], segments: readonly string[]): Record<string, string> | undefined {
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(segments[i]!);
    else if (part !== segments[i]) return undefined;
  }
  return params;
}
