import type { S3Client } from '@aws-sdk/client-s3';
import type { Field } from 'apache-arrow';
import {
  type CallOptions,
  CheckError,
  ConfigError,
  type ConnectorContext,
  type ConnectorSession,
  type HealthReport,
  NotFoundError,
  type ReadRequest,
  type StreamBatch,
  type StreamDescriptor,
  throwIfAborted,
  type WriteRequest,
  type WriteResult,
} from '@sqlflow/core';
import type { CostEstimate } from './cost/cost-estimate';
import { S3Usage, type S3UsageReport } from './cost/s3-usage';
import { ObjectBytesCache } from './formats/object-bytes-cache';
import type { CursorRequest } from './read/cursor-plan';
import { planRead, type ReadPlan } from './read/read-plan';
import { readPlannedFiles, type S3ReadStats } from './read/s3-read-stream';
import { S3Calls } from './s3-client';
import type { S3Options } from './s3-config';
import { writeS3 } from './write/s3-writer';

/**
 * A session over one bucket and prefix. Sources offer one stream: every matching object,
 * with partition columns and `_s3_last_modified`. `usage()` reports the requests and bytes
 * actually used (for the run report); `lastEstimate()` the cost estimated before the last read.
 */
export class S3Session implements ConnectorSession {
  private readonly calls: S3Calls;
  private readonly usageCounter: S3Usage;
  private knownFields: readonly Field[] | undefined;
  private estimate: CostEstimate | undefined;
  private lastRead: S3ReadStats | undefined;
  private closed = false;

  constructor(
    private readonly options: S3Options,
    private readonly context: ConnectorContext,
    client: S3Client,
    private readonly ownsClient: boolean,
  ) {
    this.usageCounter = new S3Usage(options.prices);
    this.calls = new S3Calls(client, options.bucket, context.policy, this.usageCounter);
  }

  /** The stream's name: `stream`, else the last folder of `path_prefix`, else the bucket. */
  get streamName(): string {
    return this.options.stream;
  }

  /** Requests (LIST, GET, PUT) and bytes this session used so far, and their cost at the configured prices. */
  usage(): S3UsageReport {
    return this.usageCounter.report();
  }

  /** The estimate made before the most recent read or discover, if any. */
  lastEstimate(): CostEstimate | undefined {
    return this.estimate;
  }

  async check(options: CallOptions = {}): Promise<void> {
    this.assertOpen();
    await this.calls.listPage(this.options.prefix, { maxKeys: 1, signal: this.signalOf(options.signal) });
  }

  async discover(options: CallOptions = {}): Promise<StreamDescriptor[]> {
    this.assertOpen();
    // A full-refresh read fetches every object, so discovering (and refusing over limits) on the
    // whole listing costs nothing extra: the read reuses the probed footers. An incremental read
    // fetches only new objects, so discovery probes just the last object in key order (in a
    // partitioned layout the newest, which the read fetches anyway); the read unites the columns
    // of every object it reads.
    const incremental = this.options.source.syncMode === 'incremental';
    const plan = await this.plan(undefined, this.signalOf(options.signal), incremental ? 1 : undefined);
    this.knownFields = plan.dataFields;
    return [
      {
        name: this.streamName,
        schema: plan.schema,
        primaryKey: this.options.source.primaryKey,
        defaultCursorField: this.options.source.cursorField,
        supportedSyncModes: ['full_refresh', 'incremental'],
        description: `Rows of the objects under s3://${this.options.bucket}/${this.options.prefix}`,
      },
    ];
  }

  async *read(request: ReadRequest): AsyncGenerator<StreamBatch> {
    this.assertOpen();
    if (request.stream !== this.streamName) {
      throw new NotFoundError(`s3: no stream \`${request.stream}\`; this source offers \`${this.streamName}\` (set \`stream\` to rename it)`, { details: { stream: request.stream } });
    }
    if (request.syncMode === 'cdc') {
      throw new ConfigError('s3: S3 objects have no change feed; read with `full_refresh` or `incremental`', { connector: 's3', parameter: 'sync_mode' });
    }
    const signal = this.signalOf(request.signal);
    let cursor: CursorRequest | undefined;
    if (request.syncMode === 'incremental') {
      const column = request.cursorField ?? this.options.source.cursorField;
      if (!column) throw new ConfigError('s3: an incremental read needs a cursor; set `cursor_field` (e.g. `_s3_last_modified`)', { connector: 's3', parameter: 'cursor_field' });
      cursor = { column, watermark: request.watermark, lookback: request.lookbackWindow ?? this.options.source.lookbackWindow, startDate: this.options.source.startDate };
    }
    const plan = await this.plan(cursor, signal);
    const stats: S3ReadStats = { files: 0, rows: 0 };
    this.lastRead = stats;
    yield* readPlannedFiles({ calls: this.calls, options: this.options, cache: this.cacheFor(), plan, stats, signal });
    this.context.logger.info(`s3: read ${stats.rows} rows from ${stats.files} object${stats.files === 1 ? '' : 's'}`, { stream: this.streamName, ...stats, usage: this.usage() });
  }

  async write(request: WriteRequest): Promise<WriteResult> {
    this.assertOpen();
    const signal = this.signalOf(request.signal);
    throwIfAborted(signal);
    return writeS3(this.calls, this.options, { ...request, signal });
  }

  async health(): Promise<HealthReport> {
    const u = this.usage();
    const e = this.estimate;
    return {
      status: 'ok',
      metrics: {
        list_requests: u.listRequests,
        get_requests: u.getRequests,
        put_requests: u.putRequests,
        bytes_downloaded: u.bytesDownloaded,
        bytes_uploaded: u.bytesUploaded,
        cost_usd: Number(u.costUsd.toFixed(8)),
        estimated_get_requests: e?.getRequests ?? null,
        estimated_bytes: e?.bytes ?? null,
        estimated_cost_usd: e ? Number(e.costUsd.toFixed(8)) : null,
        files_read: this.lastRead?.files ?? 0,
        rows_read: this.lastRead?.rows ?? 0,
      },
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsClient) this.calls.client.destroy();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private cache: ObjectBytesCache | undefined;

  private cacheFor(): ObjectBytesCache {
    this.cache ??= new ObjectBytesCache();
    return this.cache;
  }

  private async plan(cursor: CursorRequest | undefined, signal: AbortSignal | undefined, discoverSample?: number): Promise<ReadPlan> {
    const plan = await planRead({
      calls: this.calls,
      options: this.options,
      cache: this.cacheFor(),
      logger: this.context.logger,
      cursor,
      knownFields: this.knownFields,
      onEstimate: (e) => (this.estimate = e),
      discoverSample,
      signal,
    });
    return plan;
  }

  private assertOpen(): void {
    if (this.closed) throw new CheckError('s3: the session is closed; open a new one');
  }

  private signalOf(signal: AbortSignal | undefined): AbortSignal | undefined {
    const signals = [signal, this.context.signal].filter((s): s is AbortSignal => s !== undefined);
    return signals.length <= 1 ? signals[0] : AbortSignal.any(signals);
  }
}
