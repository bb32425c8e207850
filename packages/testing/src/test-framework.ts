import { ConformanceFailure } from './conformance-failure';

type Body = () => Promise<void> | void;

/** A registration function such as `it` (with an optional `skip`). */
export interface TestFunction {
  (name: string, fn: Body, timeout?: number): void;
  skip?: (name: string, fn: Body, timeout?: number) => void;
}

/** The test-runner functions the suite registers with: Jest's globals, Vitest's (with `globals: true`), or your own. */
export interface TestFramework {
  describe(name: string, fn: () => void): void;
  it: TestFunction;
  beforeAll(fn: Body, timeout?: number): void;
  afterAll(fn: Body, timeout?: number): void;
}

/** The runner's global `describe` / `it` / `beforeAll` / `afterAll`, or a clear error when absent. */
export function globalTestFramework(): TestFramework {
  const g = globalThis as unknown as Partial<TestFramework>;
  if (typeof g.describe !== 'function' || typeof g.it !== 'function' || typeof g.beforeAll !== 'function' || typeof g.afterAll !== 'function') {
    throw new ConformanceFailure(
      'setup',
      'describeConnectorConformance needs the global describe/it/beforeAll/afterAll (Jest, or Vitest with `globals: true`); otherwise pass them as `{ framework: { describe, it, beforeAll, afterAll } }`',
    );
  }
  return { describe: g.describe, it: g.it, beforeAll: g.beforeAll, afterAll: g.afterAll };
}
