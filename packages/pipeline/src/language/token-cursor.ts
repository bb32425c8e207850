import type { Template } from './ast';
import { diagnosticAt, type PipelineDiagnostic } from './diagnostic';
import { Lexer, type Token } from './lexer';
import type { SourceFile } from './source-file';

/** Thrown inside the parser to abandon a statement; caught by the statement loop. */
export class ParseStop {
  constructor(
    readonly diagnostic: PipelineDiagnostic,
    /** Where error recovery starts scanning. */
    readonly resumeFrom: number,
  ) {}
}

/** Words that follow names in the grammar and so cannot be names themselves. */
const NOT_A_NAME = new Set(['FROM', 'TYPE', 'PARAMS', 'OPTIONS', 'MODE', 'TO', 'AS', 'THEN', 'KEY']);

/** The parser's view of the token stream: the current token, moves, and error helpers. */
export class TokenCursor {
  private readonly lexer: Lexer;
  /** The current token. */
  tok: Token;
  /** End offset of the token consumed last. */
  prevEnd = 0;
  readonly diagnostics: PipelineDiagnostic[] = [];

  constructor(readonly source: SourceFile) {
    this.lexer = new Lexer(source);
    this.tok = this.lexer.tokenAt(0);
  }

  /** Consumes and returns the current token. */
  advance(): Token {
    const t = this.tok;
    this.prevEnd = t.end;
    this.tok = this.lexer.tokenAt(t.next);
    return t;
  }

  /** Continues lexing at `offset` (after reading SQL or JSON raw). */
  seek(offset: number): void {
    this.prevEnd = offset;
    this.tok = this.lexer.tokenAt(offset);
  }

  /** True when the current token is the keyword `k` (case-insensitive). */
  is(k: string): boolean {
    return this.tok.kind === 'word' && this.tok.keyword === k;
  }

  /** True when the current token is the punctuation `p`. */
  isPunct(p: string): boolean {
    return this.tok.kind === 'punct' && this.tok.text === p;
  }

  /** Records a problem that does not stop the statement. */
  report(start: number, end: number, message: string): void {
    this.diagnostics.push(diagnosticAt(this.source, this.source.span(start, end), message));
  }

  /** Abandons the statement with a problem at `start..end`. */
  fail(start: number, end: number, message: string): never {
    throw new ParseStop(diagnosticAt(this.source, this.source.span(start, Math.max(end, start + 1)), message), start);
  }

  /** Abandons the statement: `expected <what>, found <current token>` (or the lexer's complaint). */
  expected(what: string): never {
    const t = this.tok;
    if (t.kind === 'invalid') throw new ParseStop(diagnosticAt(this.source, this.source.span(t.start, t.end), t.message ?? 'invalid token'), t.next);
    return this.fail(t.start, t.end, `expected ${what}, found ${describe(t)}`);
  }

  /** Consumes the keyword `k` or fails with `expected K <context>`. */
  keyword(k: string, context: string): Token {
    if (!this.is(k)) this.expected(`${k} ${context}`);
    return this.advance();
  }

  /** Consumes the punctuation `p` or fails. */
  punct(p: string, context: string): Token {
    if (!this.isPunct(p)) this.expected(`"${p}" ${context}`);
    return this.advance();
  }

  /** A name, possibly qualified (`schema.table`) and possibly containing `${...}`. */
  name(what: string): Template {
    const first = this.tok;
    if (first.kind !== 'word' || NOT_A_NAME.has(first.keyword)) this.expected(what);
    const parts = [...this.advance().template!.parts];
    let end = first.end;
    while (this.isPunct('.') && this.tok.start === end) {
      this.advance();
      const t = this.tok;
      if (t.kind !== 'word' || t.start !== end + 1) this.expected(`a name after "." in ${what}`);
      parts.push('.', ...this.advance().template!.parts);
      end = t.end;
    }
    return { parts: mergeLiterals(parts), span: this.source.span(first.start, end) };
  }
}

function mergeLiterals(parts: Template['parts']): Template['parts'] {
  const out: Array<Template['parts'][number]> = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (typeof p === 'string' && typeof last === 'string') out[out.length - 1] = last + p;
    else out.push(p);
  }
  return out;
}

/** How a token is shown in "found ..." messages. */
export function describe(t: Token): string {
  if (t.kind === 'eof') return 'the end of the file';
  const text = t.text.length > 40 ? `${t.text.slice(0, 37)}...` : t.text;
  return `"${text}"`;
}
