import { type ConnectorDefinition, isSqlflowError, resolveConfig } from '@sqlflow/core';
import type { ConformanceHarness } from '../conformance-harness';
import { ConformanceFailure, ensure, show } from '../conformance-failure';
import { openSession, withSession } from './check-support';

/** `check()` resolves with the valid parameters. */
export async function checkConnectionPasses<T>(definition: ConnectorDefinition<T>, harness: ConformanceHarness): Promise<void> {
  await withSession(definition, harness, harness.validParams(), async (session) => {
    try {
      await session.check();
    } catch (error) {
      throw new ConformanceFailure('check-passes', `check() failed with the valid parameters: ${show(error)}`, { cause: error });
    }
  });
}

/**
 * `check()` rejects with a typed SQLFlow error (`isSqlflowError`) for `failingCheckParams`.
 * Opening may already fail with such an error; anything untyped fails the check.
 */
export async function checkConnectionFails<T>(definition: ConnectorDefinition<T>, harness: ConformanceHarness): Promise<void> {
  const check = 'check-fails';
  try {
    resolveConfig(definition.name, definition.spec, harness.failingCheckParams());
  } catch (e) {
    throw new ConformanceFailure(check, `failingCheckParams() must validate (only check() should fail), but: ${show(e)}`, { cause: e });
  }
  let error: unknown;
  let passed = false;
  try {
    const session = await openSession(definition, harness, harness.failingCheckParams());
    try {
      await session.check();
      passed = true;
    } finally {
      await session.close();
    }
  } catch (e) {
    error = e;
  }
  ensure(!passed, check, 'check() resolved with failingCheckParams(); it must throw a typed error saying what to fix');
  ensure(isSqlflowError(error), check, () => `check() threw an untyped error ${show(error)}; wrap it in a @sqlflow/core error (CheckError, AuthError, NotFoundError, TransientError, ...) and keep it as \`cause\``);
  ensure(error.message.trim().length > 0, check, 'the check error has an empty message');
}
