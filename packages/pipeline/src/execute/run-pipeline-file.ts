import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError, type ConnectorContext, noopTracer, type Tracer } from '@sqlflow/core';
import { Engine } from '@sqlflow/engine';
import type { ConnectorRegistry } from '../connectors/connector-registry';
import { loadPipeline } from '../language/resolve-pipeline';
import type { VariableValue } from '../language/resolved';
import { planPipeline } from '../plan/plan-pipeline';
import type { PipelinePlan } from '../plan/pipeline-plan';
import { validatePipeline, type ValidatedPipeline } from '../plan/validate-pipeline';
import { loadProfile } from '../profile/load-profile';
import type { Profile } from '../profile/profile';
import { pipelineSecrets } from './pipeline-secrets';
import { defaultDatabasePath, pipelineNameFor, projectDirFor } from './project';
import type { RunEvent } from './run-events';
import { runPipeline } from './run-pipeline';
import type { RunReport } from './run-report';

/** How to prepare a pipeline file. */
export interface PreparePipelineOptions {
  readonly registry: ConnectorRegistry;
  /** Profile name; `dev` by default, and then optional (defaults apply when the file is absent). */
  readonly profile?: string;
  /** `--vars`: win over profile variables, SET and defaults. */
  readonly variables?: Readonly<Record<string, VariableValue>>;
  /** The environment for `${env.NAME}`; library code never reads `process.env` itself. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Overrides the project directory found from the file. */
  readonly projectDir?: string;
  /** Receives `parse`, `validate` and `plan` spans. */
  readonly tracer?: Tracer;
}

/** A pipeline parsed, resolved, validated against its connectors' specs, and planned. */
export interface PreparedPipeline {
  readonly name: string;
  readonly file: string;
  readonly projectDir: string;
  readonly profile: Profile | undefined;
  readonly validated: ValidatedPipeline;
  readonly plan: PipelinePlan;
  /** The DuckDB database file (or `:memory:`) the run uses. */
  readonly databasePath: string;
  /** Values to redact from any output. */
  readonly secrets: readonly string[];
}

/**
 * Reads a pipeline file with its profile and checks everything that can be checked before any
 * data moves: syntax (all errors at once, with positions), variables, includes, every SOURCE's
 * parameters against its connector's spec, references, and the DAG.
 */
export async function preparePipeline(file: string, options: PreparePipelineOptions): Promise<PreparedPipeline> {
  const tracer = options.tracer ?? noopTracer;
  const projectDir = options.projectDir ?? projectDirFor(file);
  const profileName = options.profile ?? 'dev';
  const explicit = options.profile !== undefined;
  const hasProfile = existsSync(join(projectDir, 'profiles', `${profileName}.yml`)) || existsSync(join(projectDir, 'profiles', `${profileName}.yaml`));
  if (explicit && !hasProfile) loadProfile({ projectDir, name: profileName, env: options.env }); // throws a clear "not found"
  const profile = hasProfile ? loadProfile({ projectDir, name: profileName, env: options.env }) : undefined;
  const resolved = await tracer.span('parse', { file }, async () => loadPipeline(file, { variables: options.variables, profile, env: options.env }));
  const validated = await tracer.span('validate', { sources: resolved.statements.filter((s) => s.kind === 'source').length }, async () =>
    // Installed `sqlflow-connector-*` packages count as known types, found from the project.
    validatePipeline(resolved, { get: (t) => options.registry.tryResolve(t, projectDir), names: () => options.registry.names() }),
  );
  const plan = await tracer.span('plan', { statements: resolved.statements.length }, async () => planPipeline(resolved));
  return {
    name: pipelineNameFor(file),
    file,
    projectDir,
    profile,
    validated,
    plan,
    databasePath: profile?.engine.path ?? defaultDatabasePath(projectDir),
    secrets: [...pipelineSecrets(validated), ...(profile?.secrets ?? [])],
  };
}

/** Options of {@link runPreparedPipeline}. */
export interface RunPreparedOptions {
  readonly registry: ConnectorRegistry;
  readonly context?: Partial<ConnectorContext>;
  readonly fullRefresh?: boolean;
  readonly concurrency?: number;
  readonly explain?: boolean;
  /** Let DuckDB read a source's files itself when its connector offers a native file scan (default true). */
  readonly pushdown?: boolean;
  /** Use this database instead of the profile's (e.g. `:memory:` in tests). */
  readonly databasePath?: string;
  readonly onEvent?: (event: RunEvent) => void;
}

/** Options of {@link runPipelineFile}. */
export interface RunPipelineFileOptions extends PreparePipelineOptions, RunPreparedOptions {
  /** Called once the pipeline is prepared, before the engine opens (e.g. to log warnings). */
  readonly onPrepared?: (prepared: PreparedPipeline) => void;
}

/**
 * Prepares and runs a pipeline file in its DuckDB database, the whole of `sqlflow run`.
 *
 * @example
 * const report = await runPipelineFile('pipelines/orders.sf', { registry, env: process.env });
 * if (report.status === 'failed') console.error(report.error);
 */
export async function runPipelineFile(file: string, options: RunPipelineFileOptions): Promise<RunReport> {
  const prepared = await preparePipeline(file, { ...options, tracer: options.tracer ?? options.context?.tracer });
  options.onPrepared?.(prepared);
  return runPreparedPipeline(prepared, options);
}

/** Runs an already prepared pipeline in its DuckDB database (opened and closed here). */
export async function runPreparedPipeline(prepared: PreparedPipeline, options: RunPreparedOptions): Promise<RunReport> {
  const path = options.databasePath ?? prepared.databasePath;
  if (prepared.profile?.state.store === 'postgres') {
    throw new ConfigError(`profile ${prepared.profile.name}: the PostgreSQL state store is not available yet; use "store: duckdb" (the default)`, { parameter: 'state.store' });
  }
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const engine = await Engine.open({
    path,
    settings: {
      ...(prepared.profile?.engine.memoryLimit ? { memory_limit: prepared.profile.engine.memoryLimit } : {}),
      ...(prepared.profile?.engine.threads ? { threads: String(prepared.profile.engine.threads) } : {}),
    },
  });
  try {
    return await runPipeline({
      pipeline: prepared.validated,
      plan: prepared.plan,
      engine,
      registry: options.registry,
      projectDir: prepared.projectDir,
      name: prepared.name,
      context: options.context,
      fullRefresh: options.fullRefresh,
      concurrency: options.concurrency,
      explain: options.explain,
      pushdown: options.pushdown,
      onEvent: options.onEvent,
    });
  } finally {
    await engine.close();
  }
}
