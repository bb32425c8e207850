import type { SourceFile, Span } from './source-file';

/** One problem found in a pipeline, with where it is and a caret excerpt of the line. */
export interface PipelineDiagnostic {
  readonly message: string;
  /** Where the problem is; absent only for problems that belong to no file position. */
  readonly span: Span | undefined;
  /** The source line with carets under the span (empty when there is no span). */
  readonly excerpt: string;
}

/** Renders the line of `span` with carets under it, `  3 | text` / `    |    ^^^`. */
export function caretExcerpt(source: SourceFile, span: Span): string {
  const text = source.lineText(span.line);
  const gutter = String(span.line);
  const pad = ' '.repeat(gutter.length);
  const before = text.slice(0, span.column - 1).replace(/[^\t]/g, ' ');
  const available = Math.max(1, text.length - (span.column - 1));
  const width = Math.max(1, Math.min(span.length, available));
  return `  ${gutter} | ${text}\n  ${pad} | ${before}${'^'.repeat(width)}`;
}

/** A diagnostic at `span` of `source` (or without position when `source` is undefined). */
export function diagnosticAt(source: SourceFile | undefined, span: Span | undefined, message: string): PipelineDiagnostic {
  return { message, span, excerpt: source && span ? caretExcerpt(source, span) : '' };
}

/** `file:line:column: message` followed by the excerpt. */
export function formatDiagnostic(diagnostic: PipelineDiagnostic): string {
  const { span, message, excerpt } = diagnostic;
  const head = span ? `${span.file}:${span.line}:${span.column}: ${message}` : message;
  return excerpt ? `${head}\n${excerpt}` : head;
}
