import type { DuckDBConnection } from '@duckdb/node-api';
import { StateError, type WatermarkValue } from '@sqlflow/core';
import { readHistory } from './duckdb-history';
import { readLock, takeLock, type LockEnvironment } from './duckdb-lock';
import { ConnectionMutex, execute, inTransaction, selectRows, type JsRow } from './duckdb-sql';
import { currentLockOwner, isProcessAlive } from './lock-owner';
import { STATE_DDL, STATE_SCHEMA_VERSION, STATE_TABLES } from './state-schema';
import type {
  AcquireLockOptions,
  BeginRunInput,
  BeginStreamRunInput,
  FinishRunInput,
  LockHandle,
  LockInfo,
  ResetFilter,
  RunRecord,
  StateStore,
  StoredWatermark,
  StreamRunUpdate,
  WatermarkKey,
} from './state-store';
import { watermarkFromRow, watermarkParam, watermarkSelectList } from './watermark-columns';
import { watermarkKeyId } from './watermark-key';

/** Options of {@link DuckDBStateStore.open}. */
export interface DuckDBStateStoreOptions {
  /** False for an in-memory database: state is lost with the process (default true). */
  readonly durable?: boolean;
  /** Clock (default the system clock). */
  readonly now?: () => Date;
  /** Liveness probe for lock holders on this host (default `process.kill(pid, 0)`). */
  readonly isProcessAlive?: (pid: number) => boolean;
  /** This host's name (default `os.hostname()`). */
  readonly host?: string;
}

const WATERMARK_COLUMNS = `pipeline, source, stream, target_table, cursor_field, value_type, lookback_window, run_id, updated_at, ${watermarkSelectList('value')}`;

const DEFAULT_STALE_AFTER_MS = 10 * 60_000;
const DEFAULT_HEARTBEAT_MS = 30_000;

/** The warning a non-durable store carries. */
export const MEMORY_STATE_WARNING =
  'The database is in memory: watermarks, run history and locks will not survive this process. Use a file path to keep state.';

/**
 * The default state store: tables in the `sqlflow` schema of the pipeline's own DuckDB
 * database. `withConnection` returns the same store bound to another connection, so the
 * engine can write state inside the transaction that writes the data.
 */
export class DuckDBStateStore implements StateStore {
  readonly kind = 'duckdb';
  readonly durable: boolean;
  readonly warnings: readonly string[];
  private readonly env: LockEnvironment;
  private readonly mutex = new ConnectionMutex();

  private constructor(
    private readonly connection: DuckDBConnection,
    private readonly options: DuckDBStateStoreOptions,
  ) {
    this.durable = options.durable ?? true;
    this.warnings = this.durable ? [] : [MEMORY_STATE_WARNING];
    this.env = {
      now: options.now ?? (() => new Date()),
      isProcessAlive: options.isProcessAlive ?? isProcessAlive,
      host: options.host ?? currentLockOwner().host,
    };
  }

  /** Creates the state tables when missing and returns a store on `connection`. */
  static async open(connection: DuckDBConnection, options: DuckDBStateStoreOptions = {}): Promise<DuckDBStateStore> {
    try {
      await connection.run("SET TimeZone = 'UTC'");
      for (const ddl of STATE_DDL) await connection.run(ddl);
      await connection.run(`INSERT INTO ${STATE_TABLES.meta} VALUES ('schema_version', $1) ON CONFLICT DO NOTHING`, [
        String(STATE_SCHEMA_VERSION),
      ]);
    } catch (cause) {
      throw new StateError(`Could not create the sqlflow state tables: ${(cause as Error).message}`, { cause });
    }
    return new DuckDBStateStore(connection, options);
  }

  /** This store bound to another connection of the same database (no DDL is run). */
  withConnection(connection: DuckDBConnection): DuckDBStateStore {
    return new DuckDBStateStore(connection, this.options);
  }

  /** The current time of the store's clock. */
  now(): Date {
    return this.env.now();
  }

  async getWatermark(key: WatermarkKey): Promise<StoredWatermark | undefined> {
    const rows = await this.select(`SELECT ${WATERMARK_COLUMNS} FROM ${STATE_TABLES.watermarks} WHERE key_id = $1`, [
      watermarkKeyId(key),
    ]);
    return rows[0] ? storedFromRow(rows[0]) : undefined;
  }

  async listWatermarks(pipeline: string): Promise<StoredWatermark[]> {
    const rows = await this.select(
      `SELECT ${WATERMARK_COLUMNS} FROM ${STATE_TABLES.watermarks} WHERE pipeline = $1 ORDER BY source, stream, target_table`,
      [pipeline],
    );
    return rows.map(storedFromRow);
  }

  /**
   * Writes a watermark. Runs on the bound connection without its own transaction, so when the
   * engine calls it inside the data transaction both commit together.
   */
  async setWatermark(key: WatermarkKey, value: WatermarkValue, options: { runId?: string; lookbackWindow?: number } = {}): Promise<void> {
    const id = watermarkKeyId(key);
    const { sqlType, param } = watermarkParam(value);
    await this.mutex.run(async () => {
      await execute(this.connection, `DELETE FROM ${STATE_TABLES.watermarks} WHERE key_id = $1`, [id]);
      await execute(
        this.connection,
        `INSERT INTO ${STATE_TABLES.watermarks} (key_id, pipeline, source, stream, target_table, cursor_field, value_type,
           value_${value.type}, lookback_window, run_id, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, CAST($8 AS ${sqlType}), $9, $10, CAST($11 AS TIMESTAMPTZ))`,
        [id, key.pipeline, key.source, key.stream, key.table, key.cursorField, value.type, param, options.lookbackWindow ?? 0,
          options.runId ?? null, this.env.now().toISOString()],
      );
    });
  }

  async reset(filter: ResetFilter): Promise<number> {
    const clauses = ['pipeline = $1'];
    const params: string[] = [filter.pipeline];
    for (const [column, value] of [['source', filter.source], ['stream', filter.stream], ['target_table', filter.table]] as const) {
      if (value === undefined) continue;
      params.push(value);
      clauses.push(`${column} = $${params.length}`);
    }
    const where = clauses.join(' AND ');
    return this.mutex.run(() =>
      inTransaction(this.connection, async () => {
        await execute(
          this.connection,
          `DELETE FROM ${STATE_TABLES.boundaryRows} WHERE key_id IN (SELECT key_id FROM ${STATE_TABLES.watermarks} WHERE ${where})`,
          params,
        );
        return execute(this.connection, `DELETE FROM ${STATE_TABLES.watermarks} WHERE ${where}`, params);
      }),
    );
  }

  async beginRun(input: BeginRunInput): Promise<RunRecord> {
    const owner = currentLockOwner({ runId: input.runId, host: this.env.host });
    const startedAt = this.env.now();
    await this.exec(`INSERT INTO ${STATE_TABLES.runs} VALUES ($1, $2, 'running', CAST($3 AS TIMESTAMPTZ), NULL, NULL, $4, $5)`, [
      owner.runId, input.pipeline, startedAt.toISOString(), owner.pid, owner.host,
    ]);
    return { runId: owner.runId, pipeline: input.pipeline, status: 'running', startedAt, finishedAt: undefined, rows: 0, bytes: 0,
      error: undefined, pid: owner.pid, host: owner.host, streams: [] };
  }

  async finishRun(runId: string, input: FinishRunInput): Promise<void> {
    await this.exec(`UPDATE ${STATE_TABLES.runs} SET status = $2, finished_at = CAST($3 AS TIMESTAMPTZ), error = $4 WHERE run_id = $1`, [
      runId, input.status, this.env.now().toISOString(), input.error ?? null,
    ]);
  }

  async beginStreamRun(input: BeginStreamRunInput): Promise<void> {
    // A retry of the same stream in the same run (a load resumed after a transient failure)
    // continues the record: the first attempt's watermark_before stays, counts accumulate.
    const resumed = await this.exec(
      `UPDATE ${STATE_TABLES.streamRuns} SET status = 'running', finished_at = NULL, error = NULL, rows_base = rows, bytes_base = bytes
        WHERE run_id = $1 AND target_table = $2`,
      [input.runId, input.table],
    );
    if (resumed > 0) return;
    await this.exec(
      `INSERT INTO ${STATE_TABLES.streamRuns} (run_id, pipeline, source, stream, target_table, mode, status, started_at, watermark_before)
       VALUES ($1, $2, $3, $4, $5, $6, 'running', CAST($7 AS TIMESTAMPTZ), $8)`,
      [input.runId, input.pipeline, input.source, input.stream, input.table, input.mode, this.env.now().toISOString(),
        input.watermarkBefore ? JSON.stringify(input.watermarkBefore) : null],
    );
  }

  async updateStreamRun(runId: string, table: string, update: StreamRunUpdate): Promise<void> {
    const sets: string[] = [];
    const params: (string | number | null)[] = [runId, table];
    const set = (column: string, value: string | number | null, cast = ''): void => {
      params.push(value);
      sets.push(`${column} = ${cast ? `CAST($${params.length} AS ${cast})` : `$${params.length}`}`);
    };
    if (update.status) {
      set('status', update.status);
      if (update.status !== 'running') set('finished_at', this.env.now().toISOString(), 'TIMESTAMPTZ');
    }
    if (update.rows !== undefined) {
      params.push(update.rows);
      sets.push(`rows = rows_base + $${params.length}`);
    }
    if (update.bytes !== undefined) {
      params.push(update.bytes);
      sets.push(`bytes = bytes_base + $${params.length}`);
    }
    if (update.watermarkAfter) set('watermark_after', JSON.stringify(update.watermarkAfter));
    if (update.error !== undefined) set('error', update.error);
    if (sets.length === 0) return;
    await this.exec(`UPDATE ${STATE_TABLES.streamRuns} SET ${sets.join(', ')} WHERE run_id = $1 AND target_table = $2`, params);
  }

  async history(pipeline: string, options: { limit?: number } = {}): Promise<RunRecord[]> {
    return this.mutex.run(() => readHistory(this.connection, pipeline, options.limit ?? 20));
  }

  async acquireLock(pipeline: string, options: AcquireLockOptions = {}): Promise<LockHandle> {
    const owner = currentLockOwner({ ...options.owner, host: options.owner?.host ?? this.env.host });
    const staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
    const { info, displaced } = await this.mutex.run(() => takeLock(this.connection, pipeline, owner, this.env, staleAfterMs));
    if (displaced) await this.markInterrupted(displaced);
    return this.lockHandle(info, options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);
  }

  async releaseLock(pipeline: string, runId: string): Promise<void> {
    await this.exec(`DELETE FROM ${STATE_TABLES.locks} WHERE pipeline = $1 AND run_id = $2`, [pipeline, runId]);
  }

  async getLock(pipeline: string): Promise<LockInfo | undefined> {
    return this.mutex.run(() => readLock(this.connection, pipeline));
  }

  private lockHandle(info: LockInfo, heartbeatMs: number): LockHandle {
    let released = false;
    const heartbeat = async (): Promise<void> => {
      if (released) return;
      await this.exec(`UPDATE ${STATE_TABLES.locks} SET heartbeat_at = CAST($3 AS TIMESTAMPTZ) WHERE pipeline = $1 AND run_id = $2`, [
        info.pipeline, info.runId, this.env.now().toISOString(),
      ]);
    };
    const timer = heartbeatMs > 0 ? setInterval(() => void heartbeat().catch(() => undefined), heartbeatMs) : undefined;
    timer?.unref();
    const release = async (): Promise<void> => {
      if (released) return;
      released = true;
      if (timer) clearInterval(timer);
      await this.releaseLock(info.pipeline, info.runId);
    };
    return { info, heartbeat, release, [Symbol.asyncDispose]: release };
  }

  private async markInterrupted(holder: LockInfo): Promise<void> {
    const error = `interrupted: process ${holder.pid} on ${holder.host} stopped while holding the lock`;
    const now = this.env.now().toISOString();
    await this.exec(
      `UPDATE ${STATE_TABLES.runs} SET status = 'interrupted', finished_at = CAST($2 AS TIMESTAMPTZ), error = $3 WHERE run_id = $1 AND status = 'running'`,
      [holder.runId, now, error],
    );
    await this.exec(
      `UPDATE ${STATE_TABLES.streamRuns} SET status = 'interrupted', finished_at = CAST($2 AS TIMESTAMPTZ), error = $3 WHERE run_id = $1 AND status = 'running'`,
      [holder.runId, now, error],
    );
  }

  private exec(sql: string, params: (string | number | null)[]): Promise<number> {
    return this.mutex.run(() => execute(this.connection, sql, params));
  }

  private select(sql: string, params: (string | number | null)[]): Promise<JsRow[]> {
    return this.mutex.run(() => selectRows(this.connection, sql, params));
  }
}

function storedFromRow(row: JsRow): StoredWatermark {
  return {
    key: {
      pipeline: String(row['pipeline']),
      source: String(row['source']),
      stream: String(row['stream']),
      table: String(row['target_table']),
      cursorField: String(row['cursor_field']),
    },
    value: watermarkFromRow(String(row['value_type']), row, 'value'),
    lookbackWindow: Number(row['lookback_window']),
    updatedAt: row['updated_at'] as Date,
    runId: row['run_id'] === null ? undefined : String(row['run_id']),
  };
}
