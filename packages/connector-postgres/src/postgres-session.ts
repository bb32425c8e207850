import {
  type CallOptions, ConfigError, type ConnectorContext, type ConnectorSession, DEFAULT_BATCH_BYTES, type HealthReport, lowerBound,
  type ReadRequest, resolveSourceParameters, type SourceParameters, type StreamBatch, type StreamDescriptor, toWatermark, type WatermarkValue,
  type WriteRequest, type WriteResult,
} from '@sqlflow/core';
import { Schema } from 'apache-arrow';
import type { ColumnInfo } from './catalog/column-info';
import { mapColumn } from './catalog/type-mapping';
import { PostgresClient } from './postgres-client';
import type { PostgresConfig } from './postgres-config';
import { collectHealth } from './postgres-health';
import { buildReadQuery } from './sql/read-query';
import { readCopyStream } from './streams/copy-read-stream';
import { listStreams, resolveStream, type ResolvedStream } from './streams/stream-resolver';
import { writeTable } from './write/table-writer';
import { resolveConnectionSettings } from './connection/connection-settings';

const CURSOR_CANDIDATES = ['updated_at', 'modified_at', 'last_modified', 'updated', 'last_updated', '_updated_at'];

/** An open PostgreSQL session: a source (discover/read) and a destination (write). */
export class PostgresSession implements ConnectorSession {
  private readonly client: PostgresClient;
  private readonly source: SourceParameters;
  private closed = false;

  constructor(
    private readonly config: PostgresConfig,
    private readonly context: ConnectorContext,
  ) {
    this.client = new PostgresClient(resolveConnectionSettings(config), { min: config.min_connections, max: config.max_connections }, context);
    this.source = resolveSourceParameters(config);
  }

  /** Connects (opening `min_connections`) and, with `table` or `query` set, checks that it resolves. */
  async check(options: CallOptions = {}): Promise<void> {
    await this.client.warmUp(options.signal);
    if (this.config.table || this.config.query) await listStreams(this.client, this.config, options.signal);
  }

  /** One stream per table or view (see the README for naming), or the single `query` stream. */
  async discover(options: CallOptions = {}): Promise<StreamDescriptor[]> {
    const streams = await listStreams(this.client, this.config, options.signal);
    return streams.map((s) => this.describe(s));
  }

  /** Streams a table or the query through binary COPY; see {@link readCopyStream}. */
  async *read(request: ReadRequest): AsyncIterable<StreamBatch> {
    const signal = request.signal ?? this.context.signal;
    const stream = await resolveStream(this.client, this.config, request.stream, signal);
    const incremental = request.syncMode === 'incremental';
    const cursorField = incremental ? request.cursorField ?? this.source.cursorField : undefined;
    if (incremental && !cursorField) {
      throw new ConfigError(`postgres: incremental read of \`${stream.name}\` needs a \`cursor_field\``, { connector: 'postgres', parameter: 'cursor_field' });
    }
    const bound = cursorField ? this.lowerBoundFor(stream, cursorField, request) : undefined;
    const query = buildReadQuery({ stream: stream.name, source: stream.source, columns: stream.columns, filters: this.config.filters, cursorField, lowerBound: bound });
    this.context.logger.debug('postgres: reading', { stream: stream.name, incremental, lowerBound: bound?.value });
    yield* readCopyStream(this.client, query, {
      limits: { maxRows: this.config.batch_size, maxBytes: DEFAULT_BATCH_BYTES },
      action: `reading \`${stream.name}\``,
      signal,
    });
  }

  /** Bulk-loads batches with COPY in one transaction; see `writeTable`. */
  async write(request: WriteRequest): Promise<WriteResult> {
    return writeTable(this.client, this.config, this.context.logger, request);
  }

  /** Server version, database size, table count and round-trip latency. */
  async health(options: CallOptions = {}): Promise<HealthReport> {
    return collectHealth(this.client, this.config, options.signal);
  }

  /** Ends every connection; safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private describe(s: ResolvedStream): StreamDescriptor {
    const cursor = this.source.cursorField ?? defaultCursor(s.columns);
    return {
      name: s.name,
      schema: new Schema(s.columns.map((c) => mapColumn(c).field)),
      primaryKey: this.source.primaryKey.length > 0 ? this.source.primaryKey : s.primaryKey,
      ...(cursor ? { defaultCursorField: cursor } : {}),
      supportedSyncModes: ['full_refresh', 'incremental'],
      description: s.source.kind === 'table' ? `${s.source.schema}.${s.source.table}` : 'custom query',
    };
  }

  private lowerBoundFor(stream: ResolvedStream, cursorField: string, request: ReadRequest): WatermarkValue | undefined {
    const lookback = request.lookbackWindow ?? this.source.lookbackWindow;
    if (request.watermark) return lowerBound(request.watermark, lookback);
    const start = this.source.startDate;
    if (!start) return undefined;
    const column = stream.columns.find((c) => c.name === cursorField);
    const type = column ? mapColumn(column).watermarkType : undefined;
    if (type === 'timestamp' || type === 'date') return toWatermark(type, start);
    this.context.logger.warn(`postgres: \`start_date\` ignored for \`${stream.name}\`: cursor "${cursorField}" is not a date or timestamp`);
    return undefined;
  }
}

function defaultCursor(columns: readonly ColumnInfo[]): string | undefined {
  for (const name of CURSOR_CANDIDATES) {
    const c = columns.find((col) => col.name === name);
    if (c && mapColumn(c).watermarkType === 'timestamp') return c.name;
  }
  return undefined;
}
