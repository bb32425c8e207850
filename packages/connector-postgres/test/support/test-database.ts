import { type CallPolicy, type ConnectorContext, type ConnectorSession, createContext, openConnector, type StreamBatch } from '@sqlflow/core';
import { postgresConnector } from '@sqlflow/connector-postgres';
import { createTestDatabaseWithClient, type TestDatabaseWithClient } from '@sqlflow/testing';
import type { RecordBatch } from 'apache-arrow';

/** The server the integration tests use. */
export const PG_URL = process.env.SQLFLOW_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A scratch database plus a client to seed and inspect it. */
export type ScratchDatabase = TestDatabaseWithClient;

/** Creates a uniquely named database (via `@sqlflow/testing`) and a client for it. */
export async function scratchDatabase(): Promise<ScratchDatabase> {
  return createTestDatabaseWithClient({ url: PG_URL, prefix: 'sqlflow_pg' });
}

/** A policy that retries retryable errors up to `retries` times and counts attempts. */
export function countingPolicy(retries = 2): CallPolicy & { attempts: number } {
  const policy = {
    attempts: 0,
    async execute<T>(fn: (c: { signal: AbortSignal; attempt: number }) => PromiseLike<T> | T, signal?: AbortSignal): Promise<T> {
      for (let attempt = 0; ; attempt++) {
        policy.attempts++;
        try {
          return await fn({ signal: signal ?? new AbortController().signal, attempt });
        } catch (error) {
          const retryable = (error as { retryable?: unknown }).retryable === true;
          if (!retryable || attempt >= retries) throw error;
        }
      }
    },
  };
  return policy;
}

/** Opens the connector with raw parameters. */
export function open(params: Record<string, unknown>, context: ConnectorContext = createContext()): Promise<ConnectorSession> {
  return openConnector(postgresConnector, params, context);
}

/** Drains a read. */
export async function collect(iterable: AsyncIterable<StreamBatch>): Promise<StreamBatch[]> {
  const out: StreamBatch[] = [];
  for await (const b of iterable) out.push(b);
  return out;
}

/** The exact value of one cell: integers and timestamps (microseconds) as bigint, decimals as text, lists as arrays. */
export function cell(batch: RecordBatch, column: string, row: number): unknown {
  const vector = batch.getChild(column)!;
  if (!vector.isValid(row)) return null;
  const type = vector.type as { typeId: number; scale?: number; unit?: number };
  const data = vector.data[0]!;
  const name = String(vector.type);
  if (name.startsWith('Timestamp') || name.startsWith('Time64')) return (data.values as BigInt64Array)[row];
  if (name.startsWith('Date32')) return (data.values as Int32Array)[row];
  if (name.startsWith('Decimal')) {
    const w = (data.values as Uint32Array).subarray((data.offset + row) * 4, (data.offset + row) * 4 + 4);
    let unscaled = (BigInt(w[3]!) << 96n) | (BigInt(w[2]!) << 64n) | (BigInt(w[1]!) << 32n) | BigInt(w[0]!);
    if (unscaled >= 1n << 127n) unscaled -= 1n << 128n;
    const neg = unscaled < 0n;
    const digits = (neg ? -unscaled : unscaled).toString().padStart((type.scale ?? 0) + 1, '0');
    const s = type.scale ? `${digits.slice(0, -type.scale)}.${digits.slice(-type.scale)}` : digits;
    return neg ? `-${s}` : s;
  }
  const v = vector.get(row) as unknown;
  if (name.startsWith('List')) return [...(v as Iterable<unknown>)];
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  return v;
}

/** Every row of the batches as objects of {@link cell} values. */
export function rows(batches: readonly StreamBatch[] | readonly RecordBatch[]): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const item of batches) {
    const batch = 'batch' in item ? item.batch : item;
    for (let r = 0; r < batch.numRows; r++) {
      const row: Record<string, unknown> = {};
      for (const f of batch.schema.fields) row[f.name] = cell(batch, f.name, r);
      out.push(row);
    }
  }
  return out;
}
