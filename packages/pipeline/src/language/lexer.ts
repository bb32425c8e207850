import type { Template } from './ast';
import type { SourceFile } from './source-file';
import { readStringLiteral } from './string-literal';
import { TemplateBuilder } from './template';
import { skipTrivia, UNTERMINATED_COMMENT } from './trivia';
import { readVariableReference } from './variable-reference';

/** Token kinds of the statement level (SQL bodies and JSON are read raw by the parser). */
export type TokenKind = 'word' | 'string' | 'number' | 'punct' | 'eof' | 'invalid';

/** One token. Words and strings carry a template (words may contain `${...}`). */
export interface Token {
  readonly kind: TokenKind;
  /** Offsets of the token (for `invalid`, of the problem). */
  readonly start: number;
  readonly end: number;
  /** The source text of the token. */
  readonly text: string;
  /** Upper-cased text of a word without variables (for keyword matching), else ''. */
  readonly keyword: string;
  readonly template: Template | undefined;
  readonly number: number | undefined;
  /** What is wrong, for `invalid` tokens. */
  readonly message: string | undefined;
  /** Where lexing resumes after this token. */
  readonly next: number;
}

const PUNCT = ['==', '!=', '<>', '<=', '>=', ';', '(', ')', ',', '.', '=', '{', '}', '[', ']', '<', '>', '-', '+', '*', ':'];

function isWordStart(c: string | undefined): boolean {
  return c !== undefined && /[\p{L}_]/u.test(c);
}
function isWordPart(c: string | undefined): boolean {
  return c !== undefined && /[\p{L}\p{N}_]/u.test(c);
}

/** A pull lexer over one file; the parser moves `offset` when it reads SQL or JSON raw. */
export class Lexer {
  constructor(private readonly source: SourceFile) {}

  /** The token at `offset` (after whitespace and comments). */
  tokenAt(offset: number): Token {
    const text = this.source.text;
    const at = skipTrivia(text, offset);
    if (at < 0) return this.invalid(-at - 1, -at + 1, text.length, UNTERMINATED_COMMENT);
    const i = at;
    if (i >= text.length) return this.make('eof', i, i);
    const c = text[i]!;
    if (isWordStart(c) || (c === '$' && text[i + 1] === '{')) return this.word(i);
    if (/[0-9]/.test(c)) {
      const m = /[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
      m.lastIndex = i;
      const found = m.exec(text)!;
      const end = i + found[0].length;
      if (isWordPart(text[end])) return this.word(i);
      return { ...this.make('number', i, end), number: Number(found[0]) };
    }
    if (c === '"' || c === "'") return this.string(i);
    for (const p of PUNCT) if (text.startsWith(p, i)) return this.make('punct', i, i + p.length);
    const shown = c === '`' ? 'a backtick (use double quotes for strings)' : `\`${c}\``;
    return this.invalid(i, i + 1, i + 1, `unexpected character ${shown}`);
  }

  private make(kind: TokenKind, start: number, end: number): Token {
    const text = this.source.text.slice(start, end);
    return { kind, start, end, text, keyword: kind === 'word' ? text.toUpperCase() : '', template: undefined, number: undefined, message: undefined, next: end };
  }

  private invalid(start: number, end: number, next: number, message: string): Token {
    return { ...this.make('invalid', start, end), message, next };
  }

  private word(start: number): Token {
    const text = this.source.text;
    const builder = new TemplateBuilder();
    let i = start;
    let hasVariable = false;
    while (i < text.length) {
      if (text[i] === '$' && text[i + 1] === '{') {
        const r = readVariableReference(this.source, i);
        if (!r.ok) return this.invalid(i, r.end, r.end, r.message);
        builder.variable(r.ref);
        hasVariable = true;
        i = r.end;
      } else if (isWordPart(text[i])) {
        builder.literal(text[i]!);
        i++;
      } else break;
    }
    const token = this.make('word', start, i);
    return { ...token, keyword: hasVariable ? '' : token.keyword, template: builder.build(this.source.span(start, i)) };
  }

  private string(start: number): Token {
    const r = readStringLiteral(this.source, start, false);
    if (!r.ok) return this.invalid(r.issueStart, r.issueEnd, r.end, r.message);
    return { ...this.make('string', start, r.end), template: r.template };
  }
}
