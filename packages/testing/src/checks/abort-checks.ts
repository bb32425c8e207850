import type { ConnectorDefinition } from '@sqlflow/core';
import type { ConformanceHarness } from '../conformance-harness';
import { ConformanceFailure, ensure, show } from '../conformance-failure';
import { collectRows } from '../collect-rows';
import { expectResourcesReleased, hasCode, openSession, readerOf } from './check-support';

function largeRead(harness: ConformanceHarness): { params: Record<string, unknown>; stream: string } {
  return harness.largeStream
    ? { params: { ...harness.validParams(), ...harness.largeStream.params }, stream: harness.largeStream.stream }
    : { params: harness.validParams(), stream: harness.stream };
}

/**
 * Aborting the read's `AbortSignal` after the first batch stops the iteration: the next step
 * throws `AbortedError` or ends, no further batch arrives, and (with `openResources`) every
 * resource is released once the session closes.
 */
export async function checkAbort<T>(definition: ConnectorDefinition<T>, harness: ConformanceHarness): Promise<void> {
  const check = 'abort';
  const { params, stream } = largeRead(harness);
  const before = harness.openResources ? await harness.openResources() : 0;
  const session = await openSession(definition, harness, params);
  try {
    const controller = new AbortController();
    const iterator = readerOf(check, session)({ stream, syncMode: 'full_refresh', signal: controller.signal })[Symbol.asyncIterator]();
    try {
      const first = await iterator.next();
      ensure(!first.done, check, `stream \`${stream}\` returned no batch; the abort check needs at least one (set harness.largeStream)`);
      controller.abort();
      let next: IteratorResult<unknown>;
      try {
        next = await iterator.next();
      } catch (error) {
        ensure(hasCode(error, 'ABORTED'), check, () => `after abort the read threw ${show(error)}; throw @sqlflow/core's AbortedError (throwIfAborted(signal)) instead`);
        return;
      }
      ensure(next.done, check, 'a batch arrived after the signal was aborted; check the signal (throwIfAborted) before each yield and pass it to every I/O call');
    } finally {
      await iterator.return?.();
    }
  } finally {
    await session.close();
    await expectResourcesReleased(check, harness, before, 'after an aborted read and close()');
  }
}

/**
 * Breaking out of `for await` after the first batch releases the read's resources: the same
 * session can read again, and (with `openResources`) nothing stays open after `close()`.
 */
export async function checkEarlyBreak<T>(definition: ConnectorDefinition<T>, harness: ConformanceHarness): Promise<void> {
  const check = 'early-break';
  const { params, stream } = largeRead(harness);
  const before = harness.openResources ? await harness.openResources() : 0;
  const session = await openSession(definition, harness, params);
  try {
    const read = readerOf(check, session);
    let batches = 0;
    for await (const _batch of read({ stream, syncMode: 'full_refresh' })) {
      batches++;
      break;
    }
    ensure(batches === 1, check, `stream \`${stream}\` returned no batch; the early-break check needs at least one`);
    let again;
    try {
      again = await collectRows(read({ stream, syncMode: 'full_refresh' }));
    } catch (error) {
      throw new ConformanceFailure(check, `reading again after an early break failed: ${show(error)}; release the cursor/handle in the generator's \`finally\``, { cause: error });
    }
    ensure(again.batches > 0, check, 'reading again after an early break returned nothing');
  } finally {
    await session.close();
  }
  await expectResourcesReleased(check, harness, before, 'after breaking out of a read and close()');
}
