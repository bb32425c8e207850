import type { ConnectorDefinition } from '@sqlflow/core';
import type { ConformanceHarness } from './conformance-harness';
import { checkAbort, checkEarlyBreak } from './checks/abort-checks';
import type { ConformanceCheck } from './checks/check-support';
import { checkBadParams, checkDidYouMean, checkValidParams } from './checks/config-checks';
import { checkConnectionFails, checkConnectionPasses } from './checks/connection-checks';
import { checkDiscover } from './checks/discover-check';
import { checkDispose } from './checks/dispose-check';
import { checkIncrementalRead } from './checks/incremental-check';
import { checkFullRead } from './checks/read-checks';
import { checkSpec } from './checks/spec-check';
import { globalTestFramework, type TestFramework } from './test-framework';

/** One named rule of the conformance suite. */
export interface ConformanceCase {
  /** Short stable id, usable in `skip`. */
  readonly id: string;
  /** The test title. */
  readonly title: string;
  readonly run: ConformanceCheck;
  /** When the harness does not provide what the check needs. */
  readonly applies?: (harness: ConformanceHarness) => boolean;
}

/** Every check of the suite, in the order it runs. */
export const CONFORMANCE_CASES: readonly ConformanceCase[] = [
  { id: 'spec', title: 'spec is a strict JSON Schema; every property is described; secrets are strings', run: checkSpec },
  { id: 'valid-params', title: 'valid parameters resolve', run: checkValidParams },
  { id: 'bad-params', title: 'each bad parameter set is rejected with a ConfigError naming the parameter', run: checkBadParams },
  { id: 'did-you-mean', title: 'a misspelt parameter gets a "did you mean" naming the real one', run: checkDidYouMean },
  { id: 'check-passes', title: 'check() passes with valid parameters', run: checkConnectionPasses },
  { id: 'check-fails', title: 'check() rejects with a typed SQLFlow error for failing parameters', run: checkConnectionFails },
  { id: 'discover', title: 'discover() lists the stream with an Arrow schema, primary key and sync modes', run: checkDiscover },
  { id: 'full-read', title: 'a full read returns exactly the expected rows in batches matching the discovered schema', run: checkFullRead },
  { id: 'incremental', title: 'an incremental read returns the expected rows with safe watermarks', run: checkIncrementalRead, applies: (h) => h.incremental !== undefined },
  { id: 'abort', title: 'aborting the signal after the first batch stops the read and releases resources', run: checkAbort },
  { id: 'early-break', title: 'breaking out of the read early releases resources', run: checkEarlyBreak },
  { id: 'dispose', title: 'close() and [Symbol.asyncDispose]() are idempotent', run: checkDispose },
];

/** Options of {@link describeConnectorConformance}. */
export interface ConformanceOptions {
  /** Checks to leave out, by id (see `CONFORMANCE_CASES`); say why in your test file. */
  readonly skip?: readonly string[];
  /** Per-test timeout in milliseconds (default: the runner's). */
  readonly timeoutMs?: number;
  /** The test functions to register with (default: the runner's globals). */
  readonly framework?: TestFramework;
}

/**
 * Registers the SQLFlow connector conformance suite in the calling test file: one `describe`
 * with one test per check, `harness.setup` before and `harness.teardown` after.
 *
 * @example
 * describeConnectorConformance(csvConnector, {
 *   validParams: () => ({ path: file }), failingCheckParams: () => ({ path: '/missing.csv' }),
 *   badParams: [{ params: {}, parameter: 'path' }], stream: 'orders', rowKey: ['id'],
 *   expectedRows: () => [{ id: 1, total: 9.5 }],
 * });
 */
export function describeConnectorConformance<T>(definition: ConnectorDefinition<T>, harness: ConformanceHarness, options: ConformanceOptions = {}): void {
  const t = options.framework ?? globalTestFramework();
  const skip = new Set(options.skip ?? []);
  t.describe(`connector conformance: ${definition.name}`, () => {
    if (harness.setup) t.beforeAll(() => harness.setup!(), options.timeoutMs);
    if (harness.teardown) t.afterAll(() => harness.teardown!(), options.timeoutMs);
    for (const c of CONFORMANCE_CASES) {
      const body = (): Promise<void> => c.run(definition, harness);
      if (skip.has(c.id) || (c.applies && !c.applies(harness))) {
        if (t.it.skip) t.it.skip(`${c.id}: ${c.title}`, body, options.timeoutMs);
      } else {
        t.it(`${c.id}: ${c.title}`, body, options.timeoutMs);
      }
    }
  });
}
