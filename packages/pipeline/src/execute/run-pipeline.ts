import { randomUUID } from 'node:crypto';
import { type ConnectorContext, createContext, createRedactor, isSqlflowError } from '@sqlflow/core';
import type { Engine } from '@sqlflow/engine';
import type { ConnectorRegistry } from '../connectors/connector-registry';
import { formatDiagnostic } from '../language/diagnostic';
import type { PipelinePlan, PlanStep } from '../plan/pipeline-plan';
import type { ValidatedPipeline } from '../plan/validate-pipeline';
import { runExportStep } from './export-step';
import { pipelineSecrets } from './pipeline-secrets';
import { runLoadStep } from './load-step';
import type { RunEvent } from './run-events';
import type { RunReport, StepReport } from './run-report';
import { scheduleSteps } from './schedule-steps';
import { SerialLane } from './serial-lane';
import { SourceSessions } from './source-sessions';
import { runSqlStep } from './sql-step';

/** Everything `runPipeline` needs. */
export interface RunPipelineOptions {
  readonly pipeline: ValidatedPipeline;
  readonly plan: PipelinePlan;
  readonly engine: Engine;
  /** Resolves EXPORT destination connectors. */
  readonly registry: ConnectorRegistry;
  /** Relative paths in PARAMS (`x-path` parameters) and EXPORT targets resolve against this. */
  readonly projectDir: string;
  /** The pipeline's name in state (watermarks, history, lock). */
  readonly name: string;
  /** Logger, tracer, clock and signal for connectors; policies are chosen per connector. */
  readonly context?: Partial<ConnectorContext>;
  /** Ignore stored watermarks and replace every loaded table. */
  readonly fullRefresh?: boolean;
  /** Steps run at once at most (default 4); independent sources are read concurrently. */
  readonly concurrency?: number;
  /** Attempts of a load interrupted by transient failures (default 3). */
  readonly maxLoadAttempts?: number;
  /** Capture DuckDB's EXPLAIN of every SQL step into the trace. */
  readonly explain?: boolean;
  /** Let DuckDB read a source's files itself when its connector offers a native file scan (default true). */
  readonly pushdown?: boolean;
  readonly onEvent?: (event: RunEvent) => void;
}

function errorInfo(error: unknown, redact: (t: string) => string): { code: string; message: string } {
  return { code: isSqlflowError(error) ? error.code : 'INTERNAL', message: redact(error instanceof Error ? error.message : String(error)) };
}

/**
 * Runs a validated, planned pipeline: takes the pipeline's lock, records the run, runs the
 * steps as the DAG allows (loads concurrently up to `concurrency`, SQL and exports one at a
 * time on the engine's connection), and returns a report. A failed step fails the run; steps
 * that depend on it are skipped, independent ones still run. Never throws for a failed step:
 * read `report.status`. Throws only when the run cannot start (lock held by another run).
 */
export async function runPipeline(options: RunPipelineOptions): Promise<RunReport> {
  const { engine, plan, pipeline } = options;
  const context = createContext(options.context);
  const redact = createRedactor(pipelineSecrets(pipeline));
  const runId = randomUUID();
  const lock = await engine.state.acquireLock(options.name, { owner: { runId } });
  const started = Date.now();
  const warnings = [...engine.warnings, ...pipeline.warnings.map((d) => formatDiagnostic(d))].map(redact);
  for (const w of warnings) context.logger.warn(w);
  const reports = new Map<string, StepReport>();
  const sessions = new SourceSessions(pipeline.sources, options.projectDir, context);
  const lane = new SerialLane();
  let runError: { code: string; message: string } | undefined;
  try {
    await engine.state.beginRun({ pipeline: options.name, runId });
    options.onEvent?.({ type: 'run-start', runId, pipeline: options.name, steps: plan.steps.length });

    const runStep = async (step: PlanStep): Promise<void> => {
      const begin = Date.now();
      options.onEvent?.({ type: 'step-start', step });
      const base = { id: step.id, kind: step.kind, name: step.name, startedAt: new Date(begin).toISOString() };
      try {
        const details = await context.tracer.span(step.id, { kind: step.kind, name: step.name }, () => execute(step));
        const report: StepReport = { ...base, status: 'succeeded', durationMs: Date.now() - begin, ...details };
        reports.set(step.id, report);
        options.onEvent?.({ type: 'step-end', step, report });
      } catch (error) {
        const report: StepReport = { ...base, status: 'failed', durationMs: Date.now() - begin, error: errorInfo(error, redact) };
        reports.set(step.id, report);
        context.logger.error(`${step.id} failed: ${report.error!.message}`);
        options.onEvent?.({ type: 'step-end', step, report });
        throw error;
      }
    };

    const execute = async (step: PlanStep): Promise<Partial<StepReport>> => {
      const s = step.statement;
      switch (s.kind) {
        case 'source': {
          // Opening is lazy (the first LOAD opens); here we only prove the connector opens.
          await sessions.session(s.name);
          return { source: s.name };
        }
        case 'load': {
          const r = await runLoadStep(s, {
            engine,
            sessions,
            pipeline: options.name,
            runId,
            fullRefresh: options.fullRefresh ?? false,
            maxAttempts: options.maxLoadAttempts ?? 3,
            pushdown: options.pushdown ?? true,
            signal: context.signal,
            onRows: (rowsRead) => options.onEvent?.({ type: 'step-progress', step, rowsRead }),
            warn: (m) => context.logger.warn(redact(m)),
            redact,
          });
          return {
            rows: r.rows,
            rowsRead: r.rowsRead,
            skippedRows: r.skippedRows,
            bytes: r.bytes,
            table: r.table,
            source: s.source,
            stream: r.stream,
            mode: r.mode,
            watermarkBefore: r.watermarkBefore,
            watermarkAfter: r.watermarkAfter,
            ...(r.usage ? { usage: r.usage } : {}),
            ...(r.attempts ? { attempts: r.attempts } : {}),
            ...(r.pushdown ? { pushdown: r.pushdown } : {}),
          };
        }
        case 'create_table':
          return lane.run(async () => {
            if (options.explain && 'annotate' in context.tracer) {
              const plan = await engine.explain(s.sql).catch((e: Error) => `EXPLAIN failed: ${e.message}`);
              (context.tracer as { annotate(a: Record<string, unknown>): void }).annotate({ sql: redact(s.sql), explain: plan });
            }
            const r = await runSqlStep(s, engine);
            return { rows: r.rows, table: s.table, mode: s.mode.kind };
          });
        case 'export':
          return lane.run(async () => {
            const r = await runExportStep(s, { engine, registry: options.registry, projectDir: options.projectDir, context });
            return { rows: r.rows, bytes: r.bytes, destination: redact(r.destination), ...(r.usage ? { usage: r.usage } : {}) };
          });
      }
    };

    await scheduleSteps(plan.steps, options.concurrency ?? 4, runStep, (step, because) => {
      const report: StepReport = {
        id: step.id,
        kind: step.kind,
        name: step.name,
        status: 'skipped',
        startedAt: undefined,
        durationMs: 0,
        error: { code: 'SKIPPED', message: `not run because ${because} did not succeed` },
      };
      reports.set(step.id, report);
      options.onEvent?.({ type: 'step-end', step, report });
    });
    const failed = plan.steps.map((s) => reports.get(s.id)).find((r) => r?.status === 'failed');
    if (failed) runError = { code: failed.error!.code, message: `${failed.id}: ${failed.error!.message}` };
  } catch (error) {
    runError = errorInfo(error, redact);
  } finally {
    await sessions.closeAll();
  }
  const status = runError ? 'failed' : 'succeeded';
  try {
    await engine.state.finishRun(runId, { status, error: runError?.message });
  } finally {
    await lock.release();
  }
  options.onEvent?.({ type: 'run-end', status });
  const finished = Date.now();
  return {
    runId,
    pipeline: options.name,
    file: plan.file,
    status,
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date(finished).toISOString(),
    durationMs: finished - started,
    database: engine.path,
    steps: plan.steps.map((s) => reports.get(s.id)!).filter(Boolean),
    warnings,
    ...(runError ? { error: runError } : {}),
  };
}
