import {
  BatchBuilder,
  compareWatermarks,
  type ConnectorDefinition,
  defineSpec,
  lowerBound,
  sourceParameterProperties,
  sourceParameterRules,
  type SourceParametersInput,
  type StreamBatch,
  toWatermark,
  TransientError,
  type WriteRequest,
} from '@sqlflow/core';
import { Field, Int64, Schema, TimestampMicrosecond, Utf8 } from 'apache-arrow';

/** One row of the test table. */
export interface Item {
  id: number;
  name: string;
  updated_at: string;
}

/** Rows the memory source serves, by table name (mutated by tests between runs). */
export const tables = new Map<string, Item[]>();

/** Reads that fail: table name -> how many more reads fail after `afterRows` rows. */
export const faults = new Map<string, { afterRows: number; times: number }>();

/** Everything written to the memory destination, by target name. */
export const written = new Map<string, Record<string, unknown>[]>();

interface MemConfig extends SourceParametersInput {
  table: string;
  batch_size?: number;
  token?: string;
}

const schema = new Schema([new Field('id', new Int64(), false), new Field('name', new Utf8(), true), new Field('updated_at', new TimestampMicrosecond('UTC'), true)]);

/** A source over `tables`, sorted by `updated_at` so every batch carries a safe watermark. */
export const memorySource: ConnectorDefinition<MemConfig> = {
  name: 'mem',
  kind: 'source',
  version: '0.0.0',
  spec: defineSpec<MemConfig>({
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['table'],
      properties: {
        table: { type: 'string', description: 'table name' },
        batch_size: { type: 'integer', nullable: true, default: 2, description: 'rows per batch' },
        token: { type: 'string', nullable: true, 'x-secret': true, description: 'an access token (leaked by failing reads, like a careless driver)' },
        ...sourceParameterProperties,
      },
    },
    rules: sourceParameterRules,
  }),
  open: async (config) => {
    const used = { reads: 0, rowsServed: 0 };
    return {
      check: async () => undefined,
      discover: async () => [{ name: config.table, schema, primaryKey: ['id'], supportedSyncModes: ['full_refresh', 'incremental'] }],
      usage: () => ({ ...used }),
      async *read(request): AsyncIterable<StreamBatch> {
        used.reads++;
        const rows = [...(tables.get(config.table) ?? [])].sort((a, b) => a.updated_at.localeCompare(b.updated_at) || a.id - b.id);
        const from = request.watermark ? lowerBound(request.watermark, request.lookbackWindow) : undefined;
        const builder = new BatchBuilder(schema, { maxRows: config.batch_size ?? 2 });
        const fault = faults.get(config.table);
        let sent = 0;
        for (const row of rows) {
          const wm = toWatermark('timestamp', row.updated_at);
          if (from && compareWatermarks(wm, from) < 0) continue;
          if (fault && fault.times > 0 && sent >= fault.afterRows) {
            fault.times--;
            throw new TransientError(`connection reset by peer (injected)${config.token ? ` using token=${config.token}` : ''}`);
          }
          const batch = builder.add(row as unknown as Record<string, unknown>);
          sent++;
          used.rowsServed++;
          if (batch) yield { batch, watermark: request.cursorField ? wm : undefined };
        }
        const rest = builder.flush();
        const last = rows[rows.length - 1];
        if (rest) yield { batch: rest, watermark: request.cursorField && last ? toWatermark('timestamp', last.updated_at) : undefined };
      },
      close: async () => undefined,
      [Symbol.asyncDispose]: async () => undefined,
    };
  },
};

interface DestConfig {
  label?: string;
}

/** A destination that keeps what it is given in `written`. */
export const memoryDestination: ConnectorDefinition<DestConfig> = {
  name: 'memdest',
  kind: 'destination',
  version: '0.0.0',
  spec: defineSpec<DestConfig>({
    schema: { type: 'object', additionalProperties: false, properties: { label: { type: 'string', nullable: true, description: 'a label' } } },
  }),
  open: async () => ({
    check: async () => undefined,
    discover: async () => [],
    async write(request: WriteRequest) {
      const rows: Record<string, unknown>[] = request.mode === 'append' ? [...(written.get(request.stream) ?? [])] : [];
      for await (const batch of request.batches) rows.push(...batch.toArray().map((r) => ({ ...(r as object) }) as Record<string, unknown>));
      written.set(request.stream, rows);
      return { rows: rows.length, locations: [`mem://${request.stream}`] };
    },
    close: async () => undefined,
    [Symbol.asyncDispose]: async () => undefined,
  }),
};
