import { Schema } from 'apache-arrow';
import { type ConnectorDefinition, SYNC_MODES } from '@sqlflow/core';
import type { ConformanceHarness } from '../conformance-harness';
import { ensure, show } from '../conformance-failure';
import { withSession } from './check-support';

const CHECK = 'discover';

/**
 * `discover()` lists `harness.stream` with an apache-arrow `Schema` of at least one field, a
 * primary key made of schema columns, and known sync modes including `full_refresh`.
 */
export async function checkDiscover<T>(definition: ConnectorDefinition<T>, harness: ConformanceHarness): Promise<void> {
  await withSession(definition, harness, harness.validParams(), async (session) => {
    const streams = await session.discover();
    ensure(Array.isArray(streams), CHECK, `discover() must return an array, got ${show(streams)}`);
    const names = streams.map((s) => s.name);
    ensure(new Set(names).size === names.length, CHECK, `discover() lists a stream twice: ${names.join(', ')}`);
    const stream = streams.find((s) => s.name === harness.stream);
    ensure(stream, CHECK, `discover() does not list \`${harness.stream}\`; it lists ${names.length > 0 ? names.join(', ') : 'nothing'}`);
    ensure(
      stream.schema instanceof Schema,
      CHECK,
      `stream \`${stream.name}\`: schema is not an apache-arrow Schema (a second copy of apache-arrow installed? depend on the version @sqlflow/core uses)`,
    );
    ensure(stream.schema.fields.length > 0, CHECK, `stream \`${stream.name}\`: the schema has no fields`);
    const columns = new Set(stream.schema.fields.map((f) => f.name));
    ensure(columns.size === stream.schema.fields.length, CHECK, `stream \`${stream.name}\`: the schema repeats a column name`);
    ensure(Array.isArray(stream.primaryKey), CHECK, `stream \`${stream.name}\`: primaryKey must be an array (empty when there is none)`);
    for (const k of stream.primaryKey) ensure(columns.has(k), CHECK, `stream \`${stream.name}\`: primary key column \`${k}\` is not in the schema`);
    ensure(Array.isArray(stream.supportedSyncModes) && stream.supportedSyncModes.length > 0, CHECK, `stream \`${stream.name}\`: supportedSyncModes must be a non-empty array`);
    for (const m of stream.supportedSyncModes) ensure((SYNC_MODES as readonly string[]).includes(m), CHECK, `stream \`${stream.name}\`: unknown sync mode ${show(m)}`);
    ensure(stream.supportedSyncModes.includes('full_refresh'), CHECK, `stream \`${stream.name}\`: every stream must support \`full_refresh\``);
    if (stream.defaultCursorField !== undefined) {
      ensure(columns.has(stream.defaultCursorField), CHECK, `stream \`${stream.name}\`: defaultCursorField \`${stream.defaultCursorField}\` is not in the schema`);
    }
    if (harness.incremental) {
      ensure(stream.supportedSyncModes.includes('incremental'), CHECK, `stream \`${stream.name}\`: the harness tests incremental reads but the stream does not list \`incremental\``);
      ensure(columns.has(harness.incremental.cursorField), CHECK, `stream \`${stream.name}\`: cursor field \`${harness.incremental.cursorField}\` is not in the schema`);
    }
  });
}
