import { CONFORMANCE_CASES, describeConnectorConformance, type TestFramework } from '@sqlflow/testing';
import { memoryConnector } from './fixtures/memory-connector';
import { shopSystem } from './fixtures/shop-data';
import { shopHarness } from './fixtures/shop-harness';

/** A framework that records what the suite registers and runs the bodies on demand. */
function recorder() {
  const tests: Array<{ name: string; skipped: boolean; fn: () => Promise<void> | void }> = [];
  const hooks: string[] = [];
  const it = Object.assign((name: string, fn: () => Promise<void> | void) => tests.push({ name, skipped: false, fn }), {
    skip: (name: string, fn: () => Promise<void> | void) => tests.push({ name, skipped: true, fn }),
  });
  const framework: TestFramework = {
    describe: (_name, fn) => fn(),
    it,
    beforeAll: () => hooks.push('beforeAll'),
    afterAll: () => hooks.push('afterAll'),
  };
  return { framework, tests, hooks };
}

describe('describeConnectorConformance', () => {
  it('registers one test per check, hooks for setup and teardown, and skips what does not apply', async () => {
    const system = shopSystem();
    const { framework, tests, hooks } = recorder();
    const harness = { ...shopHarness(system), incremental: undefined, setup: async () => undefined, teardown: async () => undefined };
    describeConnectorConformance(memoryConnector(system), harness, { framework, skip: ['dispose'] });
    expect(tests.map((t) => t.name.split(':')[0])).toEqual(CONFORMANCE_CASES.map((c) => c.id));
    expect(tests.filter((t) => t.skipped).map((t) => t.name.split(':')[0])).toEqual(['incremental', 'dispose']);
    expect(hooks).toEqual(['beforeAll', 'afterAll']);
    for (const t of tests.filter((x) => !x.skipped)) await t.fn();
  });

  it('fails clearly without test globals or a framework', () => {
    const g = globalThis as { describe?: unknown };
    const saved = g.describe;
    g.describe = undefined;
    try {
      expect(() => describeConnectorConformance(memoryConnector(shopSystem()), shopHarness(shopSystem()))).toThrow(/needs the global describe/);
    } finally {
      g.describe = saved;
    }
  });
});
