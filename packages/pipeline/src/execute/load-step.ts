import { causeChain, type ReadRequest, type UsageReport, type WatermarkValue, resolveSourceParameters, type SourceParametersInput, type StreamBatch } from '@sqlflow/core';
import { type Engine, type LoadMode, type LoadResult, parseTableName } from '@sqlflow/engine';
import { isTransient } from '@sqlflow/resilience';
import type { ResolvedLoad } from '../language/resolved';
import type { SourceSessions } from './source-sessions';
import { usageDelta } from './usage-delta';

/** What a LOAD step needs besides its statement. */
export interface LoadStepContext {
  readonly engine: Engine;
  readonly sessions: SourceSessions;
  readonly pipeline: string;
  readonly runId: string;
  /** Ignore stored watermarks and replace the target. */
  readonly fullRefresh: boolean;
  /** How often a load interrupted by a transient failure resumes (default 3 attempts in all). */
  readonly maxAttempts: number;
  /** Let DuckDB read files itself when the source offers a native file scan (default true). */
  readonly pushdown?: boolean;
  readonly signal?: AbortSignal;
  /** Rows received from the source so far (for progress display). */
  readonly onRows?: (rowsRead: number) => void;
  readonly warn: (message: string) => void;
  /** Removes secrets from error text before the engine records it in run history. */
  readonly redact: (text: string) => string;
}

/** What a LOAD step did. */
export interface LoadStepResult extends LoadResult {
  readonly stream: string;
  readonly rowsRead: number;
  /** Set when DuckDB read the source's files itself (a native file scan) instead of `read`. */
  readonly pushdown?: 'duckdb';
  /** What the connector used for this load (requests, bytes, cost), when it reports usage. */
  readonly usage?: UsageReport;
  /** Attempts it took, when a transient failure made the load resume. */
  readonly attempts?: number;
}

/** Scrubs secrets from an error and its causes in place, keeping its class, code and flags. */
function scrub(error: unknown, redact: (text: string) => string): unknown {
  for (const e of causeChain(error)) {
    if (e instanceof Error) e.message = redact(e.message);
  }
  return error;
}

async function* counted(batches: AsyncIterable<StreamBatch>, tally: { rows: number }, redact: (text: string) => string, onRows?: (rows: number) => void): AsyncIterable<StreamBatch> {
  try {
    for await (const b of batches) {
      tally.rows += b.batch.numRows;
      onRows?.(tally.rows);
      yield b;
    }
  } catch (error) {
    // A driver may put a password or token in its message; the engine stores the message in state.
    throw scrub(error, redact);
  }
}

/**
 * Runs `LOAD table FROM source [MODE ...]`: picks the stream, reads it from the last committed
 * watermark (the engine hands the resume point to the reader) and loads it with checkpoints
 * that commit rows and watermark together. A transient failure in the middle (a dropped
 * connection) resumes from the last committed checkpoint, so rows are neither lost nor doubled.
 * When the session offers a native file scan (`planFileScan`) and `pushdown` is not off,
 * DuckDB reads the files itself with the same modes and the same exactly-once commit.
 */
export async function runLoadStep(load: ResolvedLoad, ctx: LoadStepContext): Promise<LoadStepResult> {
  const source = ctx.sessions.source(load.source);
  const params = resolveSourceParameters(source.config as SourceParametersInput);
  const session = await ctx.sessions.session(source.name);
  // Before discovery: listing and probing the source (done once per run) is part of what the first load uses.
  const usageBefore = session.usage?.();
  const descriptor = await ctx.sessions.chooseStream(source.name, load.table);
  const incremental = params.syncMode === 'incremental' && params.cursorField !== undefined;
  const cursorField = incremental ? params.cursorField : undefined;
  const key = load.keys.length > 0 ? [...load.keys] : params.primaryKey.length > 0 ? [...params.primaryKey] : [...descriptor.primaryKey];
  const mode: LoadMode = ctx.fullRefresh ? 'replace' : load.mode;
  if (mode === 'replace') {
    // REPLACE swaps in what was read, so it must read everything: an incremental read would
    // leave only the new rows. The watermark is forgotten and committed afresh with the swap.
    const target = parseTableName(load.table);
    await ctx.engine.state.reset({ pipeline: ctx.pipeline, source: source.name, stream: descriptor.name, table: `${target.schema}.${target.name}` });
  }
  const request = (watermark: ReadRequest['watermark']): ReadRequest => ({
    stream: descriptor.name,
    syncMode: incremental ? 'incremental' : 'full_refresh',
    cursorField,
    watermark,
    lookbackWindow: params.lookbackWindow,
    signal: ctx.signal,
  });
  const target = {
    pipeline: ctx.pipeline,
    source: source.name,
    stream: descriptor.name,
    table: load.table,
    mode,
    key: mode === 'upsert' || key.length > 0 ? key : undefined,
    cursorField,
    lookbackWindow: params.lookbackWindow,
    runId: ctx.runId,
    signal: ctx.signal,
  };
  const planScan = ctx.pushdown === false ? undefined : session.planFileScan;
  // The first plan only asks whether a scan is possible; the one the engine runs is planned
  // from the committed resume point, like a read.
  if (planScan && (await planScan.call(session, request(undefined)))) {
    const result = await ctx.engine.loadFileScan({
      ...target,
      scan: async (resume) => {
        const scan = await planScan.call(session, request(resume.watermark));
        if (!scan) throw new Error(`connector ${source.definition.name} offered a native file scan, then withdrew it`);
        return scan;
      },
    });
    ctx.onRows?.(result.rows);
    return { ...result, stream: descriptor.name, rowsRead: result.rows + result.skippedRows, pushdown: 'duckdb' };
  }
  const read = session.read;
  if (!read) throw new Error(`connector ${source.definition.name} cannot read (it has no read method)`);
  const tally = { rows: 0 };
  // Across resumed attempts: rows committed by earlier attempts, and the watermark the step began at.
  let committedBefore = 0;
  let committed = 0;
  let began: { watermark: WatermarkValue | undefined } | undefined;
  for (let attempt = 1; ; attempt++) {
    const rowsBefore = tally.rows;
    committed = 0;
    try {
      const result = await ctx.engine.loadStream({
        ...target,
        schema: descriptor.schema,
        onCheckpoint: (info) => {
          committed = info.rows;
        },
        batches: (resume) => {
          began ??= { watermark: resume.watermark };
          return counted(read.call(session, request(resume.watermark)), tally, ctx.redact, ctx.onRows);
        },
      });
      return {
        ...result,
        rows: committedBefore + result.rows,
        watermarkBefore: began ? began.watermark : result.watermarkBefore,
        stream: descriptor.name,
        rowsRead: tally.rows,
        usage: usageDelta(usageBefore, session.usage?.()),
        ...(attempt > 1 ? { attempts: attempt } : {}),
      };
    } catch (error) {
      committedBefore += committed;
      // Resume only after progress: the policy already retried each call, so an attempt that
      // read nothing new means the source is down, and trying again would only multiply waits.
      const progressed = tally.rows > rowsBefore;
      if (attempt >= ctx.maxAttempts || !isTransient(error) || !progressed || ctx.signal?.aborted) throw error;
      ctx.warn(
        `LOAD ${load.table}: reading ${source.name} failed (${(error as Error).message}); resuming from the last committed checkpoint (attempt ${attempt + 1}/${ctx.maxAttempts})`,
      );
    }
  }
}
