import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createRedactor } from '@sqlflow/core';
import { createRecordingTracer, preparePipeline, runPreparedPipeline } from '@sqlflow/pipeline';
import { createCliRegistry } from '../builtin-connectors';
import type { CliIo } from '../cli-io';
import { createCliLogger, type LogLevel } from '../cli-logger';
import { parseCliVars } from '../cli-params';
import { EXIT } from '../exit-codes';
import { createRunDisplay, describeRun } from '../run-display';
import { describePlan } from './compile-command';

/** Flags of `sqlflow run`. */
export interface RunFlags {
  readonly profile?: string;
  readonly vars: string[];
  readonly fullRefresh?: boolean;
  /** False with `--no-pushdown`: no native file scans. */
  readonly pushdown?: boolean;
  readonly dryRun?: boolean;
  readonly json?: boolean;
  readonly trace?: string;
  readonly concurrency?: string;
  readonly logLevel?: LogLevel;
  readonly database?: string;
}

/** `sqlflow run <pipeline>`: prepare, then run, then report. */
export async function runCommand(file: string, flags: RunFlags, io: CliIo): Promise<number> {
  const path = resolve(io.cwd, file);
  let redact = createRedactor([]);
  const tracer = createRecordingTracer((t) => redact(t));
  const prepared = await preparePipeline(path, { registry: createCliRegistry(), profile: flags.profile, variables: parseCliVars(flags.vars), env: io.env, tracer });
  redact = createRedactor(prepared.secrets);
  const level: LogLevel = flags.logLevel ?? prepared.profile?.logLevel ?? 'info';
  const logger = createCliLogger(io.err, level, (t) => redact(t));
  if (flags.dryRun) {
    if (flags.json) io.out(redact(JSON.stringify({ dryRun: true, database: prepared.databasePath, plan: prepared.plan }, null, 2)) + '\n');
    else io.out(redact(describePlan(prepared.plan, prepared.databasePath)) + 'dry run: nothing was read or written\n');
    return EXIT.ok;
  }
  const display = flags.json ? undefined : createRunDisplay(io.err, io.isTTY);
  const report = await runPreparedPipeline(prepared, {
    registry: createCliRegistry(),
    context: { logger, tracer },
    fullRefresh: flags.fullRefresh,
    pushdown: flags.pushdown,
    concurrency: flags.concurrency ? Number(flags.concurrency) : undefined,
    explain: flags.trace !== undefined,
    databasePath: flags.database ? resolve(io.cwd, flags.database) : undefined,
    onEvent: display,
  });
  if (flags.trace) {
    const trace = { pipeline: report.pipeline, runId: report.runId, file: report.file, status: report.status, spans: tracer.spans };
    writeFileSync(resolve(io.cwd, flags.trace), redact(JSON.stringify(trace, null, 2)) + '\n');
  }
  if (flags.json) io.out(redact(JSON.stringify(report, null, 2)) + '\n');
  else io.out(describeRun(report) + (report.error ? `error: ${report.error.message}\n` : ''));
  return report.status === 'succeeded' ? EXIT.ok : EXIT.failed;
}
