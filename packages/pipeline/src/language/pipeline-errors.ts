import { SqlflowError, isSqlflowError, type SqlflowErrorOptions } from '@sqlflow/core';
import { formatDiagnostic, type PipelineDiagnostic } from './diagnostic';

function aggregateMessage(what: string, diagnostics: readonly PipelineDiagnostic[]): string {
  const body = diagnostics.map(formatDiagnostic).join('\n\n');
  if (diagnostics.length === 1) return body;
  return `${diagnostics.length} ${what}:\n\n${body}`;
}

function detailsOf(diagnostics: readonly PipelineDiagnostic[]): Record<string, unknown> {
  return { diagnostics: diagnostics.map((d) => ({ message: d.message, ...(d.span ?? {}) })) };
}

/**
 * A pipeline file cannot be read as the `.sf` language. Lists every problem of the file at
 * once, each with `file:line:column` and a caret excerpt; `diagnostics` holds them one by one.
 */
export class PipelineSyntaxError extends SqlflowError {
  readonly code = 'PIPELINE_SYNTAX' as const;
  readonly fault = 'client' as const;
  readonly diagnostics: readonly PipelineDiagnostic[];
  constructor(diagnostics: readonly PipelineDiagnostic[], options: SqlflowErrorOptions = {}) {
    super(aggregateMessage('syntax errors', diagnostics), false, { details: detailsOf(diagnostics), ...options });
    this.diagnostics = diagnostics;
  }
}

/**
 * A pipeline parses but cannot run as written: an undefined variable, an INCLUDE cycle, an
 * unknown connector or source, invalid connector parameters, a dependency cycle. Lists every
 * problem found at once, each with its position.
 */
export class PipelineValidationError extends SqlflowError {
  readonly code = 'PIPELINE_INVALID' as const;
  readonly fault = 'client' as const;
  readonly diagnostics: readonly PipelineDiagnostic[];
  constructor(diagnostics: readonly PipelineDiagnostic[], options: SqlflowErrorOptions = {}) {
    super(aggregateMessage('problems in the pipeline', diagnostics), false, { details: detailsOf(diagnostics), ...options });
    this.diagnostics = diagnostics;
  }
}

/** True for either pipeline error (which both carry `diagnostics`), across duplicate installs. */
export function isPipelineError(error: unknown): error is PipelineSyntaxError | PipelineValidationError {
  if (!isSqlflowError(error) || (error.code !== 'PIPELINE_SYNTAX' && error.code !== 'PIPELINE_INVALID')) return false;
  return Array.isArray((error as { diagnostics?: unknown }).diagnostics);
}
