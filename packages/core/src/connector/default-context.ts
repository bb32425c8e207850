import type { CallPolicy, Clock, ConnectorContext, Logger, LogFields, SharedResources, Tracer } from './context';

/** A logger that drops everything. */
export const noopLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => noopLogger,
};

/** Runs each call once, with no retries (tests and local files). */
export const directPolicy: CallPolicy = {
  execute: async (fn, signal) => fn({ signal: signal ?? new AbortController().signal, attempt: 0 }),
};

/** The machine clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** A tracer that records nothing. */
export const noopTracer: Tracer = { span: (_name: string, _attributes: LogFields, fn) => fn() };

/** A fresh registry of run-scoped shared resources. */
export function createSharedResources(): SharedResources {
  const map = new Map<string, unknown>();
  return {
    getOrCreate<T>(key: string, create: () => T): T {
      if (!map.has(key)) map.set(key, create());
      return map.get(key) as T;
    },
  };
}

/** A context with quiet defaults; pass what you want to override. */
export function createContext(overrides: Partial<ConnectorContext> = {}): ConnectorContext {
  return {
    logger: noopLogger,
    policy: directPolicy,
    clock: systemClock,
    tracer: noopTracer,
    shared: createSharedResources(),
    ...overrides,
  };
}
