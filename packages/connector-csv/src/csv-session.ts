import {
  CheckError,
  type CallOptions,
  type ConnectorContext,
  type ConnectorSession,
  type FileScan,
  type HealthReport,
  isSqlflowError,
  NotFoundError,
  type ReadRequest,
  type StreamBatch,
  type StreamDescriptor,
  throwIfAborted,
  type WriteRequest,
  type WriteResult,
} from '@sqlflow/core';
import type { CsvOptions } from './csv-config';
import { defaultStreamName, listCsvFiles } from './csv-files';
import { planCsvFileScan } from './csv-file-scan';
import { type CsvReadStats, readCsvBatches } from './csv-reader';
import { type CsvTable, describeCsvTable } from './csv-schema';
import { writeCsvFile } from './csv-writer';

/**
 * A session over one `path`. Sources offer one stream (every file of the glob); its columns
 * are fixed by the first file and cached for the session. `health()` reports the counters of
 * the last read, including `skipped_rows`.
 */
export class CsvSession implements ConnectorSession {
  private table: CsvTable | undefined;
  private lastRead: CsvReadStats | undefined;
  private closed = false;

  constructor(
    private readonly options: CsvOptions,
    private readonly context: ConnectorContext,
    /** Directory that relative paths and globs resolve against. */
    private readonly cwd: string,
  ) {}

  /** The stream's name: `stream`, else the file's stem, else `csv` for a glob. */
  get streamName(): string {
    return this.options.stream ?? defaultStreamName(this.options.path);
  }

  /** Counters of the most recent read (files, rows, skippedRows, filteredRows), live while it runs. */
  get lastReadStats(): Readonly<CsvReadStats> | undefined {
    return this.lastRead;
  }

  async check(options: CallOptions = {}): Promise<void> {
    const signal = this.signalOf(options.signal);
    try {
      const files = await listCsvFiles(this.options.path, this.cwd);
      await describeCsvTable(files[0]!, { ...this.options, inferRows: 0 }, signal);
    } catch (e) {
      if (isSqlflowError(e) && e.code === 'ABORTED') throw e;
      const reason = e instanceof Error ? e.message : String(e);
      throw new CheckError(`csv: check failed for \`path\` "${this.options.path}": ${reason.replace(/^csv: /, '')}`, { cause: e, details: { path: this.options.path, cwd: this.cwd } });
    }
  }

  async discover(options: CallOptions = {}): Promise<StreamDescriptor[]> {
    const table = await this.tableOf(this.signalOf(options.signal));
    return [
      {
        name: this.streamName,
        schema: table.schema,
        primaryKey: this.options.source.primaryKey,
        defaultCursorField: this.options.source.cursorField,
        supportedSyncModes: ['full_refresh', 'incremental'],
        description: `CSV rows of ${this.options.path}`,
      },
    ];
  }

  async *read(request: ReadRequest): AsyncGenerator<StreamBatch> {
    this.assertStream(request.stream);
    const signal = this.signalOf(request.signal);
    const files = await listCsvFiles(this.options.path, this.cwd);
    const table = await this.tableOf(signal);
    const stats: CsvReadStats = { files: 0, rows: 0, skippedRows: 0, filteredRows: 0 };
    this.lastRead = stats;
    yield* readCsvBatches({ files, table, options: this.options, request: { ...request, signal }, logger: this.context.logger, stats });
    this.context.logger.info(`csv: read ${stats.rows} rows from ${stats.files} file${stats.files === 1 ? '' : 's'}`, { stream: this.streamName, ...stats });
  }

  /**
   * The DuckDB-readable scan equal to `read(request)`, or undefined when the options or column
   * types leave room for a difference (see the README, "Native scans").
   */
  async planFileScan(request: ReadRequest): Promise<FileScan | undefined> {
    this.assertStream(request.stream);
    const signal = this.signalOf(request.signal);
    const files = await listCsvFiles(this.options.path, this.cwd);
    const table = await this.tableOf(signal);
    return planCsvFileScan(files, table, this.options, { ...request, signal });
  }

  async write(request: WriteRequest): Promise<WriteResult> {
    const signal = this.signalOf(request.signal);
    throwIfAborted(signal);
    return writeCsvFile(this.options, { ...request, signal }, this.cwd);
  }

  async health(): Promise<HealthReport> {
    const s = this.lastRead;
    return {
      status: 'ok',
      metrics: { files_read: s?.files ?? 0, rows_read: s?.rows ?? 0, skipped_rows: s?.skippedRows ?? 0, filtered_rows: s?.filteredRows ?? 0 },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private assertStream(stream: string): void {
    if (stream !== this.streamName) {
      throw new NotFoundError(`csv: no stream \`${stream}\`; this source offers \`${this.streamName}\` (set \`stream\` to rename it)`, {
        details: { stream },
      });
    }
  }

  private async tableOf(signal: AbortSignal | undefined): Promise<CsvTable> {
    if (this.closed) throw new CheckError('csv: the session is closed; open a new one');
    if (!this.table) {
      const files = await listCsvFiles(this.options.path, this.cwd);
      this.table = await describeCsvTable(files[0]!, this.options, signal);
    }
    return this.table;
  }

  private signalOf(signal: AbortSignal | undefined): AbortSignal | undefined {
    const signals = [signal, this.context.signal].filter((s): s is AbortSignal => s !== undefined);
    return signals.length <= 1 ? signals[0] : AbortSignal.any(signals);
  }
}
