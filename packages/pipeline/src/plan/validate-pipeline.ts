import { type ConfigWarning, createRedactor, isSqlflowError, resolveConfig, suggest } from '@sqlflow/core';
import type { AnyConnectorDefinition } from '../connectors/connector-registry';
import { diagnosticAt, type PipelineDiagnostic } from '../language/diagnostic';
import { PipelineValidationError } from '../language/pipeline-errors';
import type { ResolvedPipeline, ResolvedSource } from '../language/resolved';
import type { Span } from '../language/source-file';

/**
 * How validation finds connectors: a function from TYPE (lower-cased) to a definition, or an
 * object with `get` and `names` (a `ConnectorRegistry` fits).
 */
export type ConnectorLookup =
  | ((type: string) => AnyConnectorDefinition | undefined)
  | { get(type: string): AnyConnectorDefinition | undefined; names(): Iterable<string> };

/** Options of {@link validatePipeline}. */
export interface ValidateOptions {
  /** Known connector types for "did you mean" (taken from the lookup's `names()` when it has one). */
  readonly knownTypes?: Iterable<string>;
}

/** A SOURCE whose parameters passed its connector's spec: ready to open. */
export interface ValidatedSource {
  readonly name: string;
  readonly definition: AnyConnectorDefinition;
  /** The configuration resolved by the spec (aliases renamed, defaults applied, types coerced). */
  readonly config: unknown;
  readonly warnings: readonly ConfigWarning[];
  readonly statement: ResolvedSource;
}

/** A pipeline whose sources and references are known to be valid. */
export interface ValidatedPipeline {
  readonly pipeline: ResolvedPipeline;
  /** Validated sources by name. */
  readonly sources: ReadonlyMap<string, ValidatedSource>;
  /** Things the user should hear about that do not stop the run (legacy parameter names). */
  readonly warnings: readonly PipelineDiagnostic[];
}

/**
 * Checks a resolved pipeline before anything runs: every SOURCE's TYPE is a known connector
 * (with "did you mean") and its parameters pass the connector's spec (`resolveConfig`); SOURCE
 * names are unique; every LOAD names a SOURCE of the pipeline, and an UPSERT has keys. All
 * problems are thrown at once in one {@link PipelineValidationError}, each at its position.
 */
export function validatePipeline(pipeline: ResolvedPipeline, connectors: ConnectorLookup, options: ValidateOptions = {}): ValidatedPipeline {
  const lookup = typeof connectors === 'function' ? connectors : (t: string) => connectors.get(t);
  const known = [...(options.knownTypes ?? (typeof connectors === 'function' ? [] : connectors.names()))];
  const redact = createRedactor(pipeline.secrets);
  const problems: PipelineDiagnostic[] = [];
  const warnings: PipelineDiagnostic[] = [];
  const at = (span: Span, message: string): PipelineDiagnostic => diagnosticAt(pipeline.sources.get(span.file), span, redact(message));
  const sources = new Map<string, ValidatedSource>();
  const declared = new Map<string, ResolvedSource>();

  for (const s of pipeline.statements) {
    if (s.kind !== 'source') continue;
    const key = s.name.toLowerCase();
    const first = declared.get(key);
    if (first) {
      problems.push(at(s.span, `duplicate SOURCE "${s.name}": already defined at ${first.span.file}:${first.span.line}:${first.span.column}; give each source its own name`));
      continue;
    }
    declared.set(key, s);
    if (s.type === '') continue; // an unknown profile connection, reported when resolving
    const definition = lookup(s.type);
    if (!definition) {
      const hint = suggest(s.type, known);
      const list = known.length > 0 ? ` (known types: ${known.join(', ')})` : '';
      problems.push(at(s.span, `unknown connector type "${s.type}" in SOURCE ${s.name}${hint ? `; did you mean "${hint}"?` : ''}${list}`));
      continue;
    }
    if (definition.kind === 'destination') {
      problems.push(at(s.span, `connector "${s.type}" only writes data; SOURCE ${s.name} needs a connector that reads`));
      continue;
    }
    try {
      const { config, warnings: w } = resolveConfig(s.type, definition.spec, s.params);
      for (const warning of w) warnings.push(at(s.paramSpans[warning.parameter] ?? s.span, `SOURCE ${s.name}: ${warning.message}`));
      sources.set(key, { name: s.name, definition, config, warnings: w, statement: s });
    } catch (error) {
      if (!isSqlflowError(error) || error.code !== 'CONFIG_INVALID') throw error;
      const issues = (error.details['issues'] as Array<{ parameter: string; message: string }> | undefined) ?? [{ parameter: '', message: error.message }];
      for (const issue of issues) problems.push(at(s.paramSpans[issue.parameter] ?? s.span, `SOURCE ${s.name} (${s.type}): ${issue.message}`));
    }
  }

  for (const s of pipeline.statements) {
    if (s.kind !== 'load') continue;
    const source = declared.get(s.source.toLowerCase());
    if (!source) {
      const hint = suggest(s.source, [...declared.values()].map((d) => d.name));
      problems.push(at(s.span, `LOAD ${s.table} FROM ${s.source}: no SOURCE named "${s.source}"${hint ? `; did you mean "${hint}"?` : ''}`));
      continue;
    }
    const config = sources.get(s.source.toLowerCase())?.config as { primary_key?: unknown } | undefined;
    const primaryKey = config?.primary_key;
    const hasKey = Array.isArray(primaryKey) ? primaryKey.length > 0 : typeof primaryKey === 'string' && primaryKey !== '';
    if (s.mode === 'upsert' && s.keys.length === 0 && !hasKey && sources.has(s.source.toLowerCase())) {
      problems.push(at(s.span, `LOAD ${s.table} MODE UPSERT needs keys: write KEY (column, ...) or set "primary_key" on SOURCE ${source.name}`));
    }
  }

  if (problems.length > 0) throw new PipelineValidationError(problems);
  return { pipeline, sources, warnings };
}
