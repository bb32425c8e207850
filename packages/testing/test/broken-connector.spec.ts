import {
  checkAbort,
  checkBadParams,
  checkConnectionFails,
  checkDispose,
  checkEarlyBreak,
  checkFullRead,
  checkIncrementalRead,
  checkSpec,
  ConformanceFailure,
} from '@sqlflow/testing';
import type { ConnectorSpec } from '@sqlflow/core';
import { type MemoryConfig, memoryConnector, type MemoryFaults, memorySpec } from './fixtures/memory-connector';
import { shopSystem } from './fixtures/shop-data';
import { shopHarness } from './fixtures/shop-harness';

/** A spec built by hand, bypassing `defineSpec`'s type check: these schemas are broken on purpose. */
function brokenSpec(spec: ConnectorSpec<MemoryConfig>): ConnectorSpec<MemoryConfig> {
  return spec;
}

function broken(faults: MemoryFaults) {
  const system = shopSystem();
  return { system, definition: memoryConnector(system, faults), harness: shopHarness(system) };
}

async function failureOf(run: Promise<void>): Promise<ConformanceFailure> {
  const error: unknown = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConformanceFailure);
  return error as ConformanceFailure;
}

describe('the conformance checks catch broken connectors', () => {
  it('spec: an undocumented property and a numeric secret', async () => {
    const { definition, harness } = broken({});
    const props = memorySpec.schema.properties as Record<string, object>;
    const spec = brokenSpec({
      ...memorySpec,
      schema: {
        ...memorySpec.schema,
        properties: { ...props, batch_size: { type: 'integer', nullable: true }, token: { type: 'integer', nullable: true, 'x-secret': true } },
      } as unknown as typeof memorySpec.schema,
    });
    const failure = await failureOf(checkSpec({ ...definition, spec }, harness));
    expect(failure.check).toBe('spec');
    expect(failure.message).toContain('`batch_size` has no description');
    expect(failure.message).toContain('`token` is `x-secret` but has type');
  });

  it('spec: an unknown keyword fails strict compilation', async () => {
    const { definition, harness } = broken({});
    const spec = brokenSpec({ ...memorySpec, schema: { ...memorySpec.schema, 'x-unknown-keyword': true } as unknown as typeof memorySpec.schema });
    const failure = await failureOf(checkSpec({ ...definition, spec }, harness));
    expect(failure.message).toMatch(/does not compile as a strict JSON Schema.*x-unknown-keyword/s);
  });

  it('bad-params: an error that names another parameter', async () => {
    const { definition, harness } = broken({});
    const failure = await failureOf(checkBadParams(definition, { ...harness, badParams: [{ params: { dataset: 'shop', batch_size: 0 }, parameter: 'dataset' }] }));
    expect(failure.message).toContain('ConfigError.parameter is "batch_size", expected "dataset"');
  });

  it('check-fails: an untyped error from check()', async () => {
    const { definition, harness } = broken({ untypedCheckError: true });
    const failure = await failureOf(checkConnectionFails(definition, harness));
    expect(failure.message).toContain('untyped error');
  });

  it('full-read: rows that differ from the expected ones', async () => {
    const { definition, harness } = broken({});
    const expected = harness.expectedRows().map((r) => (r.id === 2 ? { ...r, total: 1 } : r)).filter((r) => r.id !== 1);
    const failure = await failureOf(checkFullRead(definition, { ...harness, expectedRows: () => expected }));
    expect(failure.message).toContain('row [2] differs in `total`: got 0, expected 1');
    expect(failure.message).toMatch(/unexpected row \[1\]/);
  });

  it('incremental: a watermark ahead of the data', async () => {
    const { definition, harness } = broken({ watermarkAhead: true });
    const failure = await failureOf(checkIncrementalRead(definition, harness));
    expect(failure.message).toMatch(/batch 0 carries watermark .* ahead of the data read so far/);
  });

  it('abort: a read that ignores its signal', async () => {
    const { definition, harness } = broken({ ignoreAbort: true });
    const failure = await failureOf(checkAbort(definition, harness));
    expect(failure.message).toContain('a batch arrived after the signal was aborted');
  });

  it('early-break: a read that leaks its handle', async () => {
    const { definition, harness, system } = broken({ leakOnBreak: true });
    const failure = await failureOf(checkEarlyBreak(definition, harness));
    expect(failure.message).toContain('1 resource(s) open, 0 before');
    expect(system.openHandles).toBe(1);
  });

  it('dispose: a second close() that throws', async () => {
    const { definition, harness } = broken({ closeOnce: true });
    const failure = await failureOf(checkDispose(definition, harness));
    expect(failure.message).toContain('a second close() threw');
  });
});

describe('harness mistakes are reported as such', () => {
  it('check-fails: failing parameters that do not even validate', async () => {
    const { definition, harness } = broken({});
    const failure = await failureOf(checkConnectionFails(definition, { ...harness, failingCheckParams: () => ({ dataset: 1, nope: true }) }));
    expect(failure.message).toContain('failingCheckParams() must validate');
  });
});
