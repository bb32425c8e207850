import { mkdirSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { type DuckDBConnection, DuckDBInstance, type DuckDBValue, type JS } from '@duckdb/node-api';
import { ConfigError, type DestinationSyncMode, StateError, type WriteRequest, type WriteResult } from '@sqlflow/core';
import { DuckDBStateStore, type DuckDBStateStoreOptions, STATE_SCHEMA } from '@sqlflow/state';
import { exportPlan, resultBatches } from './arrow-export';
import { exportFile, type ExportFileOptions, type ExportFileResult, selectBody } from './export-file';
import type { LoadFileScanInput, LoadResult, LoadStreamInput } from './load-types';
import { StreamLoader } from './stream-loader';

/** Options of {@link Engine.open}. */
export interface EngineOptions {
  /** Database file (parent directories are created) or `:memory:`. */
  readonly path: string;
  /** DuckDB settings, e.g. `{ threads: '4', memory_limit: '2GB' }`. */
  readonly settings?: Readonly<Record<string, string>>;
  /** State store options (clock, host, liveness probe; mostly for tests). */
  readonly state?: Omit<DuckDBStateStoreOptions, 'durable'>;
}

/** Options of {@link Engine.exportTo}. */
export interface ExportToOptions {
  /** The destination's target name (table, object key); default `export`. */
  readonly stream?: string;
  readonly mode?: DestinationSyncMode;
  readonly primaryKey?: readonly string[];
  /** Rows per Arrow batch (default 10,000). */
  readonly batchRows?: number;
  readonly options?: WriteRequest['options'];
  readonly signal?: AbortSignal;
}

/** A row of `query`: column name to JS value (bigint for 64-bit integers, Date for timestamps). */
export type Row = Record<string, JS>;

const LOCKED = /Conflicting lock is held in (.*?) \(PID (\d+)\)/;

/**
 * The DuckDB side of SQLFlow: loads Arrow stream batches into tables with exactly-once
 * checkpoints, runs SQL, explains it and exports results. Open with `Engine.open`, close with
 * `close()` (or `await using`).
 *
 * @example
 * await using engine = await Engine.open({ path: 'warehouse.duckdb' });
 * const result = await engine.loadStream({ pipeline: 'shop', source: 'pg', stream: 'orders',
 *   table: 'orders_raw', mode: 'upsert', key: ['id'], cursorField: 'updated_at',
 *   batches: (resume) => session.read({ stream: 'orders', syncMode: 'incremental',
 *     cursorField: 'updated_at', watermark: resume.watermark }) });
 */
export class Engine implements AsyncDisposable {
  /** Warnings about this engine (e.g. an in-memory database keeps no state). */
  readonly warnings: readonly string[];
  private readonly connections = new Set<DuckDBConnection>();
  private closed = false;

  private constructor(
    /** The database path as given (`:memory:` for memory). */
    readonly path: string,
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    /** The state store (watermarks, run history, locks) in this database. */
    readonly state: DuckDBStateStore,
    stateConnection: DuckDBConnection,
  ) {
    this.warnings = state.warnings;
    this.connections.add(connection);
    this.connections.add(stateConnection);
  }

  /** Opens (creating if needed) a database and its state tables. */
  static async open(options: EngineOptions): Promise<Engine> {
    const memory = options.path === ':memory:' || options.path === '';
    const path = memory ? ':memory:' : resolve(options.path);
    if (!memory && basename(path, extname(path)).toLowerCase() === STATE_SCHEMA) {
      // DuckDB names the catalog after the file; a catalog "sqlflow" makes `sqlflow.<table>` ambiguous.
      throw new ConfigError(
        `The database file ${path} is named "${STATE_SCHEMA}", which clashes with the "${STATE_SCHEMA}" schema that holds SQLFlow's state tables; choose another file name`,
        { parameter: 'path', details: { path } },
      );
    }
    if (!memory) mkdirSync(dirname(path), { recursive: true });
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, { ...options.settings });
    } catch (cause) {
      const message = (cause as Error).message;
      const held = LOCKED.exec(message);
      if (held) {
        throw new StateError(
          `Database ${path} is in use by another process (pid ${held[2]}, ${held[1]}); another run of this pipeline is probably in progress. ` +
            'Wait for it to finish or stop that process.',
          { cause, details: { path, pid: Number(held[2]) } },
        );
      }
      throw new StateError(`Could not open DuckDB database ${path}: ${message}`, { cause, details: { path } });
    }
    const connection = await instance.connect();
    await connection.run("SET TimeZone = 'UTC'");
    const stateConnection = await instance.connect();
    const state = await DuckDBStateStore.open(stateConnection, { ...options.state, durable: !memory });
    return new Engine(memory ? ':memory:' : path, instance, connection, state, stateConnection);
  }

  /** Runs SQL (one or more statements); returns the rows changed by the last one. */
  async run(sql: string, params?: DuckDBValue[]): Promise<number> {
    this.assertOpen();
    return (await this.connection.run(sql, params)).rowsChanged;
  }

  /** Runs a query and returns its rows (materialised: use `exportTo` for large results). */
  async query(sql: string, params?: DuckDBValue[]): Promise<Row[]> {
    this.assertOpen();
    return (await this.connection.runAndReadAll(sql, params)).getRowObjectsJS();
  }

  /** The plan DuckDB would run for `sql` (`analyze` runs it and adds timings). */
  async explain(sql: string, options: { analyze?: boolean } = {}): Promise<string> {
    this.assertOpen();
    const reader = await this.connection.runAndReadAll(`EXPLAIN ${options.analyze ? 'ANALYZE ' : ''}${selectBody(sql)}`);
    return reader.getRowObjectsJS().map((r) => String(r['explain_value'])).join('\n');
  }

  /** Loads a stream of batches into a table, exactly once (see README). */
  async loadStream(input: LoadStreamInput): Promise<LoadResult> {
    return this.load(input);
  }

  /**
   * Loads a connector's native file scan with DuckDB's own reader (`read_csv`, `read_parquet`)
   * instead of batches: same modes, same staging, same exactly-once commit of rows and
   * watermark (the largest cursor loaded). Reader failures become a `DataError` naming the file.
   *
   * @example
   * const scan = await session.planFileScan?.(request);
   * if (scan) await engine.loadFileScan({ pipeline: 'p', source: 'csv', stream: 'orders', table: 'orders', mode: 'replace', scan });
   */
  async loadFileScan(input: LoadFileScanInput): Promise<LoadResult> {
    return this.load(input);
  }

  private async load(input: LoadStreamInput | LoadFileScanInput): Promise<LoadResult> {
    return this.withConnection(async (connection) => {
      const store = this.state.withConnection(connection);
      const own = input.runId === undefined;
      const runId = input.runId ?? (await store.beginRun({ pipeline: input.pipeline })).runId;
      try {
        const result = await new StreamLoader(connection, store, input).run(runId);
        if (own) await store.finishRun(runId, { status: 'succeeded' });
        return result;
      } catch (error) {
        if (own) await store.finishRun(runId, { status: 'failed', error: (error as Error).message }).catch(() => undefined);
        throw error;
      }
    });
  }

  /** Writes a SELECT's result to a CSV, Parquet, JSON or JSONL file (atomically; see `exportFile`). */
  async exportFile(sql: string, options: ExportFileOptions): Promise<ExportFileResult> {
    this.assertOpen();
    return exportFile(this.connection, sql, options);
  }

  /**
   * Streams a SELECT's result as Arrow batches into a destination's `write` (a connector's
   * `session.write`), holding one chunk and one batch at a time.
   */
  async exportTo(sql: string, write: (request: WriteRequest) => Promise<WriteResult>, options: ExportToOptions = {}): Promise<WriteResult> {
    return this.withConnection(async (connection) => {
      const result = await connection.stream(selectBody(sql));
      const { schema, converters } = exportPlan(result);
      return write({
        stream: options.stream ?? 'export',
        schema,
        batches: resultBatches(result, schema, converters, options.batchRows ?? 10_000),
        mode: options.mode ?? 'append',
        ...(options.primaryKey ? { primaryKey: options.primaryKey } : {}),
        ...(options.options ? { options: options.options } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    });
  }

  /** Closes every connection and the database (idempotent). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const c of this.connections) c.closeSync();
    this.connections.clear();
    this.instance.closeSync();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private async withConnection<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    this.assertOpen();
    const connection = await this.instance.connect();
    this.connections.add(connection);
    try {
      await connection.run("SET TimeZone = 'UTC'");
      return await work(connection);
    } finally {
      this.connections.delete(connection);
      connection.closeSync();
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new StateError(`Engine for ${this.path} is closed; open a new one with Engine.open`);
  }
}
