// Shared helpers for the CSV connector's tests: temp directories and reading through the public API.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createContext, type LogFields, type Logger, openConnector, type ReadRequest, type StreamBatch } from '@sqlflow/core';
import { csvConnector } from '@sqlflow/connector-csv';
import type { RecordBatch } from 'apache-arrow';

/** A temp directory, removed by `cleanup()`. */
export async function tempDir(): Promise<{ dir: string; file(name: string, content: string | Buffer): Promise<string>; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'sqlflow-csv-'));
  return {
    dir,
    async file(name, content) {
      const path = join(dir, name);
      await writeFile(path, name.endsWith('.gz') && typeof content === 'string' ? gzipSync(content) : content);
      return path;
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A line the test logger received. */
export interface LogLine {
  readonly level: string;
  readonly message: string;
  readonly fields: LogFields | undefined;
}

/** A logger that records every line. */
export function captureLogger(lines: LogLine[] = []): Logger & { lines: LogLine[] } {
  const at =
    (level: string) =>
    (message: string, fields?: LogFields): void =>
      void lines.push({ level, message, fields });
  const logger: Logger & { lines: LogLine[] } = { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: () => logger };
  return logger;
}

/** Plain rows of a batch: column name -> `Vector#get` value. */
export function rowsOf(batch: RecordBatch): Record<string, unknown>[] {
  const names = batch.schema.fields.map((f) => f.name);
  const out: Record<string, unknown>[] = [];
  for (let r = 0; r < batch.numRows; r++) {
    const row: Record<string, unknown> = {};
    names.forEach((n, c) => (row[n] = batch.getChildAt(c)!.get(r)));
    out.push(row);
  }
  return out;
}

/** What {@link readCsv} returns. */
export interface ReadResult {
  readonly batches: StreamBatch[];
  readonly rows: Record<string, unknown>[];
  readonly logs: LogLine[];
}

/** Opens the CSV connector with `params`, reads its (only) stream, and collects everything. */
export async function readCsv(params: Record<string, unknown>, request: Partial<ReadRequest> = {}): Promise<ReadResult> {
  const logger = captureLogger();
  await using session = await openConnector(csvConnector, params, createContext({ logger }));
  const [stream] = await session.discover();
  const batches: StreamBatch[] = [];
  for await (const b of session.read!({ stream: stream!.name, syncMode: 'full_refresh', ...request })) batches.push(b);
  return { batches, rows: batches.flatMap((b) => rowsOf(b.batch)), logs: logger.lines };
}

/** The error `promise` rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string; location?: string; parameter?: string }> {
  try {
    await promise;
  } catch (e) {
    return e as Error & { code?: string };
  }
  throw new Error('expected a rejection');
}
