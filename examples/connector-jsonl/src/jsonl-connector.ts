import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { createInterface } from 'node:readline';
import {
  BatchBuilder,
  CheckError,
  compareWatermarks,
  type ConnectorDefinition,
  type ConnectorSession,
  DataError,
  inferSchema,
  lowerBound,
  maxWatermark,
  type ReadRequest,
  resolveSourceParameters,
  type StreamBatch,
  type StreamDescriptor,
  throwIfAborted,
  toWatermark,
  type WatermarkType,
  type WatermarkValue,
} from '@sqlflow/core';
import { DataType, type Schema } from 'apache-arrow';
import { type JsonlConfig, jsonlSpec } from './jsonl-config';

/** Yields each non-empty line of a file with its line number; closes the file when done or abandoned. */
async function* lines(path: string): AsyncGenerator<{ text: string; line: number }> {
  const reader = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of reader) {
      line++;
      if (text.trim() !== '') yield { text, line };
    }
  } finally {
    reader.close();
  }
}

function parseLine(path: string, text: string, line: number): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (cause) {
    throw new DataError(`${path}:${line}: not valid JSON`, { cause, location: `${path}:${line}` });
  }
}

function watermarkTypeOf(schema: Schema, column: string): WatermarkType {
  const t = schema.fields.find((f) => f.name === column)?.type;
  if (!t) throw new DataError(`jsonl: cursor field \`${column}\` is not a column of the file`);
  if (DataType.isInt(t)) return 'int';
  if (DataType.isFloat(t)) return 'float';
  if (DataType.isTimestamp(t)) return 'timestamp';
  if (DataType.isDate(t)) return 'date';
  return 'string';
}

class JsonlSession implements ConnectorSession {
  constructor(private readonly config: JsonlConfig) {}

  private get streamName(): string {
    return this.config.stream ?? basename(this.config.path, extname(this.config.path));
  }

  async check(): Promise<void> {
    try {
      await access(this.config.path);
    } catch (cause) {
      throw new CheckError(`jsonl: cannot read \`path\` ${this.config.path}; check the path`, { cause });
    }
  }

  async discover(): Promise<StreamDescriptor[]> {
    const p = resolveSourceParameters(this.config);
    return [
      {
        name: this.streamName,
        schema: await this.sampleSchema(),
        primaryKey: p.primaryKey,
        defaultCursorField: p.cursorField,
        supportedSyncModes: ['full_refresh', 'incremental'],
      },
    ];
  }

  async *read(request: ReadRequest): AsyncIterable<StreamBatch> {
    const schema = await this.sampleSchema();
    const builder = new BatchBuilder(schema, { maxRows: this.config.batch_size ?? 10000 });
    const cursor = request.syncMode === 'incremental' ? request.cursorField : undefined;
    const type = cursor ? watermarkTypeOf(schema, cursor) : undefined;
    const from = request.watermark ? lowerBound(request.watermark, request.lookbackWindow) : undefined;
    let newest: WatermarkValue | undefined = request.watermark;
    for await (const { text, line } of lines(this.config.path)) {
      throwIfAborted(request.signal);
      const row = parseLine(this.config.path, text, line);
      if (cursor && type) {
        const value = toWatermark(type, row[cursor]);
        if (from && compareWatermarks(value, from) < 0) continue; // closed lower bound: >= watermark - lookback
        newest = maxWatermark(newest, value);
      }
      const full = builder.add(row);
      if (full) yield { batch: full }; // no watermark yet: the file is not sorted by the cursor
    }
    const rest = builder.flush();
    // The watermark rides on the LAST batch: it may be committed only once everything before it is written.
    if (rest) yield { batch: rest, watermark: cursor ? newest : undefined };
  }

  private async sampleSchema(): Promise<Schema> {
    const rows: Record<string, unknown>[] = [];
    for await (const { text, line } of lines(this.config.path)) {
      rows.push(parseLine(this.config.path, text, line));
      if (rows.length >= 1000) break;
    }
    return inferSchema(rows);
  }

  async close(): Promise<void> {
    // Idempotent. This session holds nothing between calls; a database connector ends its pool here.
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/** Reads a JSON-lines file as one stream. */
export const jsonlConnector: ConnectorDefinition<JsonlConfig> = {
  name: 'jsonl',
  kind: 'source',
  version: '0.1.0',
  transport: 'file',
  description: 'Reads a JSON-lines file (example third-party connector)',
  spec: jsonlSpec,
  open: async (config) => new JsonlSession(config),
};
