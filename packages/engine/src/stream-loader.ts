import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import {
  AbortedError, ConfigError, type FileScan, lowerBound, maxWatermark, SchemaError, type StreamBatch, type WatermarkValue,
} from '@sqlflow/core';
import { type DuckDBStateStore, inTransaction, watermarkKeyId, type WatermarkKey } from '@sqlflow/state';
import type { Schema } from 'apache-arrow';
import { BatchAppender } from './batch-appender';
import {
  appendWithBoundaryStatements, boundaryMax, type BoundaryTables, createSkipTable, maxCursor, rebuildBoundaryStatements, SEQ, upsertStatements,
  watermarkTypeOfColumn,
} from './checkpoint-sql';
import { type ColumnPlan, planColumns } from './column-plan';
import { fileScanError } from './file-scan-error';
import { fileScanProbe, fileScanSelect } from './file-scan-sql';
import type { LoadFileScanInput, LoadResult, LoadStreamInput, ResumePoint } from './load-types';
import { parseTableName, quoteIdent, siblingTable, type TableName } from './sql-names';
import { checkSchema, describeTable, type TableColumn } from './table-schema';

const DEFAULT_CHECKPOINT_ROWS = 50_000;

/**
 * Loads one stream into one table on a dedicated connection. Rows go to a staging table
 * through the appender (or, for a file scan, one `INSERT ... SELECT` from DuckDB's reader);
 * at each checkpoint the staged rows move into the target and the watermark is written in the
 * same transaction (see README, "Exactly once").
 */
export class StreamLoader {
  private readonly table: TableName;
  private readonly key: readonly string[];
  private readonly lookback: number;
  private readonly wmKey: WatermarkKey | undefined;
  private readonly tag = randomUUID().replace(/-/g, '').slice(0, 12);
  private plans: ColumnPlan[] | undefined;
  private columns: string[] = [];
  private target: TableColumn[] | undefined;
  private staging = '';
  /** Creates the (temporary) staging table of APPEND and UPSERT loads. */
  private createStaging = '';
  private appender: BatchAppender | undefined;
  private boundary: BoundaryTables | undefined;
  private prior: WatermarkValue | undefined;
  private skipMax: WatermarkValue | undefined;
  private pending: WatermarkValue | undefined;
  private committed: WatermarkValue | undefined;
  private staged = 0;
  private rows = 0;
  private skipped = 0;
  private bytes = 0;
  private checkpoints = 0;

  constructor(
    private readonly connection: DuckDBConnection,
    private readonly store: DuckDBStateStore,
    private readonly input: LoadStreamInput | LoadFileScanInput,
  ) {
    this.table = parseTableName(input.table);
    this.key = input.key ?? [];
    this.lookback = input.lookbackWindow ?? 0;
    if (input.mode === 'upsert' && this.key.length === 0) {
      throw new ConfigError(`LOAD ${input.table} MODE UPSERT needs KEY (column, ...) naming the columns that identify a row`);
    }
    this.wmKey = input.cursorField
      ? { pipeline: input.pipeline, source: input.source, stream: input.stream, table: `${this.table.schema}.${this.table.name}`, cursorField: input.cursorField }
      : undefined;
  }

  /** Runs the load to the end; on failure discards uncommitted rows and rethrows. */
  async run(runId: string): Promise<LoadResult> {
    const started = Date.now();
    const stored = this.wmKey ? await this.store.getWatermark(this.wmKey) : undefined;
    this.prior = stored?.value;
    this.committed = this.prior;
    const resume: ResumePoint = {
      watermark: this.prior,
      lookbackWindow: this.lookback,
      lowerBound: this.prior ? lowerBound(this.prior, this.lookback) : undefined,
    };
    await this.store.beginStreamRun({
      runId, pipeline: this.input.pipeline, source: this.input.source, stream: this.input.stream,
      table: `${this.table.schema}.${this.table.name}`, mode: this.input.mode, watermarkBefore: this.prior,
    });
    try {
      if ('scan' in this.input) await this.stageScan(typeof this.input.scan === 'function' ? await this.input.scan(resume) : this.input.scan);
      else await this.stageStream(this.input, resume, runId);
      await this.finish(runId);
      await this.store.updateStreamRun(runId, this.tableLabel(), { status: 'succeeded', rows: this.rows, bytes: this.bytes });
    } catch (error) {
      await this.discard();
      await this.store
        .updateStreamRun(runId, this.tableLabel(), { status: 'failed', error: error instanceof Error ? error.message : String(error) })
        .catch(() => undefined);
      throw error;
    }
    return {
      table: this.tableLabel(), mode: this.input.mode, runId, rows: this.rows, skippedRows: this.skipped, bytes: this.bytes,
      watermarkBefore: this.prior, watermarkAfter: this.committed, checkpoints: this.checkpoints, durationMs: Date.now() - started,
    };
  }

  private async stageStream(input: LoadStreamInput, resume: ResumePoint, runId: string): Promise<void> {
    const batches = typeof input.batches === 'function' ? input.batches(resume) : input.batches;
    for await (const item of batches) {
      if (input.signal?.aborted) throw new AbortedError(`Load of ${input.table} was aborted`);
      await this.accept(item, runId);
    }
    if (!this.plans && input.schema) await this.start(input.schema);
  }

  /** Fills the staging table from DuckDB's own reader in file order; `finish` commits it. */
  private async stageScan(scan: FileScan): Promise<void> {
    if (this.input.signal?.aborted) throw new AbortedError(`Load of ${this.input.table} was aborted`);
    await this.start(scan.schema);
    const cols = this.columns.map(quoteIdent).join(', ');
    try {
      this.staged = (await this.connection.run(`INSERT INTO ${this.staging} (${cols}) ${fileScanSelect(scan, this.plans!)}`)).rowsChanged;
    } catch (error) {
      throw fileScanError(error, scan, await this.findUncastable(scan));
    }
    // Insertion order is file order, so rowid numbers rows as a stream would arrive.
    if (this.input.mode !== 'replace') await this.connection.run(`UPDATE ${this.staging} SET ${SEQ} = rowid`);
    for (const path of scan.paths) this.bytes += (await stat(path)).size;
  }

  /** The first text of a scan that does not cast to its column's type, if any. */
  private async findUncastable(scan: FileScan): Promise<{ file: string; column: string; value: string } | undefined> {
    const probe = fileScanProbe(scan, this.plans!);
    if (!probe) return undefined;
    const row = (await this.connection.runAndReadAll(probe).catch(() => undefined))?.getRowsJS()[0];
    return row ? { file: String(row[0]), column: String(row[1]), value: String(row[2]) } : undefined;
  }

  private tableLabel(): string {
    return `${this.table.schema}.${this.table.name}`;
  }

  private async accept(item: StreamBatch, runId: string): Promise<void> {
    if (!this.plans) await this.start(item.batch.schema);
    if (item.batch.numRows > 0) {
      this.appender ??= await this.openAppender();
      this.appender.append(item.batch);
      this.staged += item.batch.numRows;
      this.bytes += item.batch.data.byteLength;
    }
    if (item.watermark) this.pending = item.watermark;
    const threshold = ('checkpointRows' in this.input ? this.input.checkpointRows : undefined) ?? DEFAULT_CHECKPOINT_ROWS;
    if (this.input.mode !== 'replace' && item.watermark && this.staged >= threshold) await this.checkpoint(runId, false);
  }

  private async start(schema: Schema): Promise<void> {
    const plans = planColumns(schema.fields);
    this.plans = plans;
    this.columns = plans.map((p) => p.name);
    for (const k of this.key) {
      if (!this.columns.includes(k)) throw new ConfigError(`KEY column \`${k}\` is not a column of stream ${this.input.stream} (columns: ${this.columns.join(', ')})`);
    }
    if (this.input.cursorField && !this.columns.includes(this.input.cursorField)) {
      throw new ConfigError(`Cursor field \`${this.input.cursorField}\` is not a column of stream ${this.input.stream} (columns: ${this.columns.join(', ')})`);
    }
    await this.connection.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(this.table.schema)}`);
    this.target = await describeTable(this.connection, this.table);
    const types = new Map(this.target?.map((c) => [c.name.toLowerCase(), c.type]));
    if (this.input.mode === 'replace') {
      const staging = siblingTable(this.table, `${this.table.name}__sqlflow_staging`);
      this.staging = staging.sql;
      await this.connection.run(`DROP TABLE IF EXISTS ${this.staging}`);
      await this.connection.run(`CREATE TABLE ${this.staging} (${plans.map((p) => `${quoteIdent(p.name)} ${p.sqlType}`).join(', ')})`);
      return;
    }
    if (this.target) checkSchema(this.table, plans, this.target);
    else {
      await this.connection.run(`CREATE TABLE IF NOT EXISTS ${this.table.sql} (${plans.map((p) => `${quoteIdent(p.name)} ${p.sqlType}`).join(', ')})`);
    }
    this.staging = quoteIdent(`sqlflow_stage_${this.tag}`);
    const staged = plans.map((p) => `${quoteIdent(p.name)} ${types.get(p.name.toLowerCase()) ?? p.sqlType}`);
    this.createStaging = `CREATE TEMP TABLE ${this.staging} (${staged.join(', ')}, ${SEQ} BIGINT)`;
    await this.connection.run(this.createStaging);
    if (this.usesBoundary() && this.wmKey) {
      this.boundary = {
        skip: quoteIdent(`sqlflow_skip_${this.tag}`),
        hashed: quoteIdent(`sqlflow_hashed_${this.tag}`),
        keep: quoteIdent(`sqlflow_keep_${this.tag}`),
      };
      await this.connection.run(createSkipTable(this.boundary, watermarkKeyId(this.wmKey)));
      if (this.prior) this.skipMax = await boundaryMax(this.connection, watermarkKeyId(this.wmKey), this.prior.type);
    }
  }

  private usesBoundary(): boolean {
    return this.input.mode === 'append' && this.key.length === 0 && this.wmKey !== undefined;
  }

  private async openAppender(): Promise<BatchAppender> {
    const replace = this.input.mode === 'replace';
    const name = replace ? `${this.table.name}__sqlflow_staging` : `sqlflow_stage_${this.tag}`;
    const appender = await this.connection.createAppender(name, replace ? this.table.schema : null);
    return new BatchAppender(appender, this.plans!, this.input.mode !== 'replace');
  }

  /** Moves staged rows into the target and commits them with the watermark. */
  private async checkpoint(runId: string, final: boolean): Promise<void> {
    this.appender?.close();
    this.appender = undefined;
    let watermark = this.pending;
    if (final && !watermark && this.wmKey) watermark = await this.computedWatermark();
    watermark = maxWatermark(this.committed, watermark);
    const bound = watermark ? lowerBound(watermark, this.lookback) : undefined;
    await inTransaction(this.connection, async () => {
      let written = 0;
      if (this.key.length > 0) {
        const [del, ins] = upsertStatements(this.table.sql, this.staging, this.columns, this.key);
        await this.connection.run(del!);
        written = (await this.connection.run(ins!)).rowsChanged;
      } else if (this.boundary && bound && this.wmKey) {
        const statements = appendWithBoundaryStatements({
          target: this.table.sql, staging: this.staging, columns: this.columns, cursor: this.input.cursorField!,
          keyId: watermarkKeyId(this.wmKey), tables: this.boundary,
          startBound: this.prior ? lowerBound(this.prior, this.lookback) : undefined, skipMax: this.skipMax, newBound: bound,
        });
        for (const [i, sql] of statements.entries()) {
          const changed = (await this.connection.run(sql)).rowsChanged;
          if (i === 2) written = changed;
        }
      } else {
        const cols = this.columns.map(quoteIdent).join(', ');
        written = (await this.connection.run(`INSERT INTO ${this.table.sql} (${cols}) SELECT ${cols} FROM ${this.staging} ORDER BY ${SEQ}`)).rowsChanged;
      }
      // A new staging table rather than DELETE: DuckDB does not give back the memory of rows
      // deleted from a temporary table, so a long incremental load would grow by every row.
      await this.connection.run(`DROP TABLE ${this.staging}`);
      await this.connection.run(this.createStaging);
      if (watermark && this.wmKey) await this.store.setWatermark(this.wmKey, watermark, { runId, lookbackWindow: this.lookback });
      await this.store.updateStreamRun(runId, this.tableLabel(), {
        rows: this.rows + written, bytes: this.bytes, ...(watermark ? { watermarkAfter: watermark } : {}),
      });
      this.skipped += this.staged - written;
      this.rows += written;
    });
    this.committed = watermark;
    this.staged = 0;
    this.checkpoints++;
    await this.input.onCheckpoint?.({ checkpoint: this.checkpoints, rows: this.rows, watermark });
  }

  private async computedWatermark(): Promise<WatermarkValue | undefined> {
    const cursor = this.input.cursorField!;
    const plan = this.plans?.find((p) => p.name === cursor);
    const targetType = this.target?.find((c) => c.name.toLowerCase() === cursor.toLowerCase())?.type;
    const type = watermarkTypeOfColumn(targetType ?? plan?.sqlType ?? '');
    if (!type) {
      throw new SchemaError(`Cursor field \`${cursor}\` has type ${targetType ?? plan?.sqlType}, which cannot hold a watermark; use an integer, timestamp, date or text cursor`);
    }
    return maxCursor(this.connection, this.staging, cursor, type);
  }

  private async finish(runId: string): Promise<void> {
    if (!this.plans) return;
    if (this.input.mode !== 'replace') {
      if (this.staged > 0 || this.pending !== this.committed) await this.checkpoint(runId, true);
      await this.dropTemp();
      return;
    }
    this.appender?.close();
    this.appender = undefined;
    let watermark = this.pending;
    if (!watermark && this.wmKey) watermark = await this.computedWatermark();
    const staging = siblingTable(this.table, `${this.table.name}__sqlflow_staging`);
    await inTransaction(this.connection, async () => {
      await this.connection.run(`DROP TABLE IF EXISTS ${this.table.sql}`);
      await this.connection.run(`ALTER TABLE ${staging.sql} RENAME TO ${quoteIdent(this.table.name)}`);
      if (watermark && this.wmKey) {
        for (const sql of rebuildBoundaryStatements(this.table.sql, this.columns, this.input.cursorField!, watermarkKeyId(this.wmKey), lowerBound(watermark, this.lookback))) {
          await this.connection.run(sql);
        }
        await this.store.setWatermark(this.wmKey, watermark, { runId, lookbackWindow: this.lookback });
      }
      await this.store.updateStreamRun(runId, this.tableLabel(), { rows: this.staged, bytes: this.bytes, ...(watermark ? { watermarkAfter: watermark } : {}) });
    });
    this.rows = this.staged;
    this.staged = 0;
    this.committed = watermark ?? this.committed;
    this.checkpoints++;
    await this.input.onCheckpoint?.({ checkpoint: this.checkpoints, rows: this.rows, watermark: this.committed });
  }

  private async dropTemp(): Promise<void> {
    const names = [this.staging, this.boundary?.skip, this.boundary?.hashed, this.boundary?.keep].filter((n): n is string => !!n);
    for (const name of names) {
      await this.connection.run(`DROP TABLE IF EXISTS ${name}`).catch(() => undefined);
    }
  }

  private async discard(): Promise<void> {
    try {
      this.appender?.close();
    } catch {
      // the appender may already be broken by the error being handled
    }
    this.appender = undefined;
    if (this.input.mode === 'replace' && this.staging) await this.connection.run(`DROP TABLE IF EXISTS ${this.staging}`).catch(() => undefined);
    else await this.dropTemp();
  }
}
