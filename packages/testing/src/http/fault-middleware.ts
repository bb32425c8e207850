import type { HttpMiddleware, TestHttpRequest, TestHttpResponse } from './http-types';
import { ANSWERED_BY_HEADER } from './request-log';
import { seededRandom } from './seeded-random';

/**
 * A fault a fake API can inject:
 * - `status`: answer with this status (and optional body/headers) instead of the real answer;
 * - `respond`: answer with whatever `response` builds (an API-specific 429, say);
 * - `hang`: never answer (the client's timeout must fire);
 * - `delay`: answer correctly, `ms` late;
 * - `malformed`: answer 200 with the real body cut in half (invalid JSON);
 * - `reset`: drop the connection without an answer.
 */
export type Fault =
  | { readonly kind: 'status'; readonly status: number; readonly body?: unknown; readonly headers?: Readonly<Record<string, string>> }
  | { readonly kind: 'respond'; readonly name: string; readonly response: (request: TestHttpRequest) => TestHttpResponse }
  | { readonly kind: 'hang' }
  | { readonly kind: 'delay'; readonly ms: number }
  | { readonly kind: 'malformed' }
  | { readonly kind: 'reset' };

/** Options of {@link injectFaults}. */
export interface FaultOptions {
  /** Seed of the random choice, so a failing run can be replayed. */
  readonly seed: number;
  /** Probability in [0, 1] that a request starts a fault. */
  readonly rate: number;
  /** The faults to choose from, uniformly (default: HTTP 500 and 503). */
  readonly faults?: readonly Fault[];
  /** Requests in a row that get the same fault once one starts (default 1; e.g. 5 for 429 bursts). */
  readonly burst?: number;
  /** Only requests this returns true for can fail (default: all). */
  readonly match?: (request: TestHttpRequest) => boolean;
}

/** A fault-injecting middleware, with controls for the test. */
export interface FaultInjector extends HttpMiddleware {
  /** Changes the fault probability (0 turns injection off). */
  setRate(rate: number): void;
  /** Faults injected so far. */
  readonly injected: number;
}

/**
 * Makes a fake API fail like real ones do, reproducibly: with probability `rate` (seeded), a
 * request gets one of `faults` instead of (or on top of) the real answer. Faulted requests are
 * logged as answered by `fault:<kind>`.
 *
 * @example injectFaults({ seed: 7, rate: 0.1, faults: [{ kind: 'status', status: 503 }, { kind: 'malformed' }] })
 */
export function injectFaults(options: FaultOptions): FaultInjector {
  const random = seededRandom(options.seed);
  const faults = options.faults ?? [{ kind: 'status', status: 500 }, { kind: 'status', status: 503 }];
  let rate = options.rate;
  let injected = 0;
  let current: Fault | undefined;
  let left = 0;
  const middleware = async (request: TestHttpRequest, next: (r: TestHttpRequest) => TestHttpResponse | Promise<TestHttpResponse>): Promise<TestHttpResponse> => {
    if (options.match && !options.match(request)) return next(request);
    if (left === 0 && rate > 0 && random() < rate) {
      current = faults[Math.floor(random() * faults.length)];
      left = options.burst ?? 1;
    }
    if (left === 0 || !current) return next(request);
    left--;
    injected++;
    return apply(current, request, next);
  };
  const injector = Object.assign(middleware, {
    setRate: (r: number) => {
      rate = r;
      if (r === 0) left = 0;
    },
  });
  return Object.defineProperty(injector, 'injected', { get: () => injected, enumerable: true }) as FaultInjector;
}

async function apply(fault: Fault, request: TestHttpRequest, next: (r: TestHttpRequest) => TestHttpResponse | Promise<TestHttpResponse>): Promise<TestHttpResponse> {
  const tag = (r: TestHttpResponse, name: string): TestHttpResponse => ({ ...r, headers: { ...r.headers, [ANSWERED_BY_HEADER]: `fault:${name}` } });
  switch (fault.kind) {
    case 'status':
      return tag({ status: fault.status, headers: fault.headers, body: fault.body ?? { error: { message: `injected HTTP ${fault.status}` } } }, String(fault.status));
    case 'respond':
      return tag(fault.response(request), fault.name);
    case 'hang':
      return tag({ hang: true }, 'hang');
    case 'reset':
      return tag({ destroy: true }, 'reset');
    case 'delay':
      return tag({ ...(await next(request)), delayMs: fault.ms }, 'delay');
    case 'malformed': {
      const real = await next(request);
      const text = typeof real.body === 'string' ? real.body : JSON.stringify(real.body ?? {});
      return tag({ status: 200, headers: { ...real.headers, 'content-type': 'application/json' }, body: text.slice(0, Math.floor(text.length / 2)) }, 'malformed');
    }
  }
}
