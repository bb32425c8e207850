import { RecordBatch, type Schema, util } from 'apache-arrow';
import type { ConnectorDefinition, StreamBatch } from '@sqlflow/core';
import type { ConformanceHarness } from '../conformance-harness';
import { ensure, show } from '../conformance-failure';
import { collectRows } from '../collect-rows';
import { assertSameRows } from '../row-set';
import { withSession, readerOf } from './check-support';

/** Describes how `actual` differs from `expected` in names and types, or undefined when equal. */
export function schemaDifference(actual: Schema, expected: Schema): string | undefined {
  const a = actual.fields.map((f) => `${f.name}: ${String(f.type)}`);
  const e = expected.fields.map((f) => `${f.name}: ${String(f.type)}`);
  const same = actual.fields.length === expected.fields.length && actual.fields.every((f, i) => f.name === expected.fields[i]!.name && util.compareTypes(f.type, expected.fields[i]!.type));
  return same ? undefined : `batch schema [${a.join(', ')}] differs from the discovered schema [${e.join(', ')}]`;
}

/** Checks each batch as it passes: a `RecordBatch` with rows, whose schema matches `schema`. */
export async function* checkedBatches(check: string, batches: AsyncIterable<StreamBatch>, schema: Schema): AsyncGenerator<StreamBatch> {
  let index = 0;
  for await (const item of batches) {
    ensure(item && typeof item === 'object' && item.batch instanceof RecordBatch, check, `item ${index} is not a StreamBatch whose \`batch\` is an apache-arrow RecordBatch: ${show(item)}`);
    ensure(item.batch.numRows > 0, check, `batch ${index} has no rows; do not yield empty batches`);
    const diff = schemaDifference(item.batch.schema, schema);
    ensure(diff === undefined, check, `batch ${index}: ${diff}`);
    index++;
    yield item;
  }
}

/**
 * A full refresh of `harness.stream` returns exactly `harness.expectedRows()` (as a set keyed by
 * `rowKey`), in non-empty `RecordBatch`es whose schema equals the discovered one.
 */
export async function checkFullRead<T>(definition: ConnectorDefinition<T>, harness: ConformanceHarness): Promise<void> {
  const check = 'full-read';
  await withSession(definition, harness, harness.validParams(), async (session) => {
    const streams = await session.discover();
    const stream = streams.find((s) => s.name === harness.stream);
    ensure(stream, check, `discover() does not list \`${harness.stream}\``);
    const read = readerOf(check, session);
    const collected = await collectRows(checkedBatches(check, read({ stream: harness.stream, syncMode: 'full_refresh' }), stream.schema));
    assertSameRows(check, collected.rows, harness.expectedRows(), harness.rowKey, stream.schema);
  });
}
