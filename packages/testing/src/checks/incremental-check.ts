import { compareWatermarks, type ConnectorDefinition, maxWatermark, toWatermark, type WatermarkValue } from '@sqlflow/core';
import type { ConformanceHarness } from '../conformance-harness';
import { ConformanceFailure, ensure, show } from '../conformance-failure';
import { batchRows } from '../batch-rows';
import type { NormalizedRow } from '../normalize-row';
import { assertSameRows } from '../row-set';
import { checkedBatches } from './read-checks';
import { readerOf, withSession } from './check-support';

const CHECK = 'incremental';

function compare(a: WatermarkValue, b: WatermarkValue, what: string): number {
  try {
    return compareWatermarks(a, b);
  } catch (error) {
    throw new ConformanceFailure(CHECK, `${what}: cannot compare ${show(a)} with ${show(b)}; emit watermarks of the cursor's type`, { cause: error });
  }
}

/**
 * An incremental read from `harness.incremental.watermark` returns exactly the incremental
 * expected rows. Every emitted watermark is safe: never ahead of the largest cursor value read
 * so far (or of the starting watermark), and the last one equals the largest cursor value read.
 */
export async function checkIncrementalRead<T>(definition: ConnectorDefinition<T>, harness: ConformanceHarness): Promise<void> {
  const inc = harness.incremental;
  if (!inc) return;
  const type = inc.watermark.type;
  await withSession(definition, harness, { ...harness.validParams(), ...inc.params }, async (session) => {
    const stream = (await session.discover()).find((s) => s.name === harness.stream);
    ensure(stream, CHECK, `discover() does not list \`${harness.stream}\``);
    const read = readerOf(CHECK, session);
    const batches = read({ stream: harness.stream, syncMode: 'incremental', cursorField: inc.cursorField, watermark: inc.watermark });
    const rows: NormalizedRow[] = [];
    let maxCursor: WatermarkValue | undefined;
    let last: WatermarkValue | undefined;
    let index = 0;
    for await (const { batch, watermark } of checkedBatches(CHECK, batches, stream.schema)) {
      for (const row of batchRows(batch)) {
        rows.push(row);
        const value = row[inc.cursorField];
        ensure(value !== undefined, CHECK, `batch ${index} has no cursor column \`${inc.cursorField}\``);
        if (value !== null) maxCursor = maxWatermark(maxCursor, toWatermark(type, value));
      }
      if (watermark) {
        const safe = maxWatermark(maxCursor, inc.watermark)!;
        ensure(compare(watermark, safe, `batch ${index}`) <= 0, CHECK, `batch ${index} carries watermark ${show(watermark)}, ahead of the data read so far (largest cursor ${show(maxCursor)}); a watermark may only cover rows already emitted`);
        if (last) ensure(compare(watermark, last, `batch ${index}`) >= 0, CHECK, `batch ${index}: watermark ${show(watermark)} goes back from ${show(last)}`);
        last = watermark;
      }
      index++;
    }
    assertSameRows(CHECK, rows, inc.expectedRows(), harness.rowKey, stream.schema);
    if (maxCursor) {
      ensure(last, CHECK, `the read returned ${rows.length} row(s) but emitted no watermark; attach the safe watermark to batches`);
      ensure(compare(last, maxCursor, 'final watermark') === 0, CHECK, `the final watermark ${show(last)} is not the largest cursor value read ${show(maxCursor)}`);
    }
  });
}
