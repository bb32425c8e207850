import type { ConnectorDefinition } from '@sqlflow/core';
import type { ConformanceHarness } from '../conformance-harness';
import { ConformanceFailure, ensure, show } from '../conformance-failure';
import { expectResourcesReleased, openSession } from './check-support';

/** `close()` twice, then `[Symbol.asyncDispose]()`, all resolve; resources are released after the first. */
export async function checkDispose<T>(definition: ConnectorDefinition<T>, harness: ConformanceHarness): Promise<void> {
  const check = 'dispose';
  const before = harness.openResources ? await harness.openResources() : 0;
  const session = await openSession(definition, harness, harness.validParams());
  ensure(typeof session[Symbol.asyncDispose] === 'function', check, 'the session has no [Symbol.asyncDispose]() method; `await using` needs it (call close())');
  await session.check();
  const steps: Array<[string, () => Promise<void>]> = [
    ['close()', () => session.close()],
    ['a second close()', () => session.close()],
    ['[Symbol.asyncDispose]() after close()', async () => session[Symbol.asyncDispose]()],
  ];
  for (const [what, step] of steps) {
    try {
      await step();
    } catch (error) {
      throw new ConformanceFailure(check, `${what} threw ${show(error)}; closing must be idempotent`, { cause: error });
    }
  }
  await expectResourcesReleased(check, harness, before, 'after close()');
}
