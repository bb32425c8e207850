import type { PipelineProgram } from './ast';
import type { PipelineDiagnostic } from './diagnostic';
import { PipelineSyntaxError } from './pipeline-errors';
import { SourceFile } from './source-file';
import { StatementParser } from './statement-parser';
import { TokenCursor } from './token-cursor';

const MAX_DIAGNOSTICS = 100;

/**
 * Parses the text of a `.sf` file into statements. Every syntax error of the file is
 * collected (the parser resumes at the next `;` or statement keyword) and thrown at once as
 * one {@link PipelineSyntaxError}. `file` is the path shown in messages and the base of INCLUDE.
 *
 * @example
 * const program = parsePipeline('LOAD t FROM s MODE UPSERT KEY (id);', 'orders.sf');
 */
export function parsePipeline(text: string, file: string): PipelineProgram {
  return parseSourceFile(new SourceFile(file, text));
}

/** {@link parsePipeline} for an already indexed file. */
export function parseSourceFile(source: SourceFile): PipelineProgram {
  const cursor = new TokenCursor(source);
  const statements = new StatementParser(cursor).block(false);
  if (cursor.diagnostics.length > 0) throw new PipelineSyntaxError(orderDiagnostics(cursor.diagnostics));
  return { file: source.path, statements, source };
}

/** Sorted by position, duplicates removed, at most a hundred. */
export function orderDiagnostics(diagnostics: readonly PipelineDiagnostic[]): PipelineDiagnostic[] {
  const seen = new Set<string>();
  const out = diagnostics
    .filter((d) => {
      const key = `${d.span?.file}:${d.span?.offset}:${d.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => (a.span?.file === b.span?.file ? (a.span?.offset ?? 0) - (b.span?.offset ?? 0) : 0));
  return out.slice(0, MAX_DIAGNOSTICS);
}
