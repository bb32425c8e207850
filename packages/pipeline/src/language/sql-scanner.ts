import type { Template, VariableReference } from './ast';
import type { SourceFile, Span } from './source-file';
import { TemplateBuilder } from './template';
import { UNTERMINATED_COMMENT } from './trivia';
import { readVariableReference } from './variable-reference';

/** Where a raw scan stopped. */
export type ScanStop = 'semicolon' | 'to' | 'statement' | 'eof';

/** A problem found while scanning raw SQL text. */
export interface ScanIssue {
  readonly span: Span;
  readonly message: string;
}

/** The SQL text of a statement, verbatim, and where the scan stopped. */
export interface SqlScan {
  readonly template: Template;
  /** Offset of the terminator (`;`, `TO`, the next statement's keyword) or the end of the file. */
  readonly end: number;
  readonly stop: ScanStop;
  readonly issues: readonly ScanIssue[];
}

// A statement keyword at the start of a line, followed by what makes it unmistakably a
// statement (so that a column called `source` on its own line is not taken for one).
const STATEMENT_START =
  /(?:SOURCE\s+[\w${}.|]+\s+(?:TYPE|FROM)\b|LOAD\s+[\w${}.|]+\s+FROM\b|EXPORT\s+(?:SELECT|WITH|FROM|\()|INCLUDE\s+["']|CREATE\s+(?:OR\s+REPLACE\s+)?TABLE\b|SET\s+[A-Za-z_]\w*\s*=|END\s+IF\b)/iy;
const ANY_KEYWORD = /(?:SOURCE|LOAD|CREATE|EXPORT|SET|INCLUDE|IF|ELSE|END)\b/iy;
const EXPORT_TO = /TO\s+(?:"|\$\{|[A-Za-z_][\w.]*\s*(?:TYPE\b|OPTIONS\b|;|$))/iy;

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[\p{L}\p{N}_$]/u.test(c);
}

function firstOnLine(text: string, i: number): boolean {
  for (let j = i - 1; j >= 0; j--) {
    const c = text[j];
    if (c === '\n') return true;
    if (c !== ' ' && c !== '\t' && c !== '\r') return false;
  }
  return true;
}

function matchesAt(re: RegExp, text: string, i: number): boolean {
  re.lastIndex = i;
  return re.test(text);
}

/** What a raw scan looks for besides `;`. */
interface ScanMode {
  /** Stop at `TO "uri"` at depth 0 (the query of EXPORT). */
  readonly stopAtTo: boolean;
  /** `strict`: a line starting with an unmistakable statement; `loose`: any statement keyword. */
  readonly statementStart: 'strict' | 'loose';
  /** Record `${...}` references (a recovery scan does not). */
  readonly variables: boolean;
}

interface RawResult {
  readonly end: number;
  readonly stop: ScanStop;
  readonly refs: VariableReference[];
  readonly issues: ScanIssue[];
}

function scanRaw(source: SourceFile, start: number, mode: ScanMode): RawResult {
  const text = source.text;
  const refs: VariableReference[] = [];
  const issues: ScanIssue[] = [];
  const parens: number[] = [];
  let i = start;

  const variable = (): void => {
    const r = readVariableReference(source, i);
    if (mode.variables) {
      if (r.ok) refs.push(r.ref);
      else issues.push({ span: source.span(i, r.end), message: r.message });
    }
    i = Math.max(r.end, i + 1);
  };
  const quoted = (quote: string, backslash: boolean): void => {
    const open = i;
    i++;
    while (i < text.length) {
      const c = text[i];
      if (backslash && c === '\\') i += 2;
      else if (c === quote && text[i + 1] === quote) i += 2;
      else if (c === quote) {
        i++;
        return;
      } else if (c === '$' && text[i + 1] === '{') variable();
      else i++;
    }
    issues.push({ span: source.span(open, open + 1), message: `unterminated ${quote === "'" ? 'string' : 'quoted identifier'}: the ${quote} here is never closed` });
  };

  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === '-' && next === '-') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const open = i;
      const close = text.indexOf('*/', i + 2);
      if (close < 0) {
        issues.push({ span: source.span(open, open + 2), message: UNTERMINATED_COMMENT });
        i = text.length;
      } else i = close + 2;
    } else if (c === "'") {
      quoted("'", (text[i - 1] === 'E' || text[i - 1] === 'e') && !isWordChar(text[i - 2]));
    } else if (c === '"') {
      quoted('"', false);
    } else if (c === '$' && next === '{') {
      variable();
    } else if (c === '$' && !isWordChar(text[i - 1])) {
      const tag = /\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/y;
      tag.lastIndex = i;
      const m = tag.exec(text);
      if (m) {
        const open = i;
        const close = text.indexOf(m[0], open + m[0].length);
        const bodyEnd = close < 0 ? text.length : close;
        for (let j = open + m[0].length; j < bodyEnd; j++) {
          if (text[j] === '$' && text[j + 1] === '{') {
            i = j;
            variable();
            j = i - 1;
          }
        }
        if (close < 0) {
          issues.push({ span: source.span(open, open + m[0].length), message: `unterminated dollar-quoted string: ${m[0]} is never closed` });
          i = text.length;
        } else i = close + m[0].length;
      } else i++;
    } else if (c === '(') {
      parens.push(i);
      i++;
    } else if (c === ')') {
      if (parens.length === 0 && mode.variables) issues.push({ span: source.span(i, i + 1), message: 'unmatched `)`' });
      parens.pop();
      i++;
    } else if (c === ';') {
      if (parens.length > 0 && mode.variables) {
        const open = parens[parens.length - 1]!;
        issues.push({ span: source.span(open, open + 1), message: 'unbalanced parentheses: this `(` is not closed before the `;` that ends the statement' });
      }
      return { end: i, stop: 'semicolon', refs, issues };
    } else if (isWordChar(c) && !isWordChar(text[i - 1])) {
      if (firstOnLine(text, i) && i > start && matchesAt(mode.statementStart === 'strict' ? STATEMENT_START : ANY_KEYWORD, text, i)) {
        return { end: i, stop: 'statement', refs, issues };
      }
      if (mode.stopAtTo && parens.length === 0 && (c === 'T' || c === 't') && matchesAt(EXPORT_TO, text, i)) {
        return { end: i, stop: 'to', refs, issues };
      }
      while (i < text.length && isWordChar(text[i]) && !(text[i] === '$' && text[i + 1] === '{')) i++;
    } else i++;
  }
  return { end: text.length, stop: 'eof', refs, issues };
}

/**
 * Reads SQL verbatim from `start` to the `;` that ends the statement (or, with `stopAtTo`, to
 * the `TO "uri"` of EXPORT), skipping quotes, dollar-quoting and comments, and noting every
 * `${...}` outside comments. A line that plainly starts another statement also stops the scan
 * (stop = `statement`), so a missing `;` is reported where it is missing.
 */
export function scanSql(source: SourceFile, start: number, stopAtTo: boolean): SqlScan {
  const r = scanRaw(source, start, { stopAtTo, statementStart: 'strict', variables: true });
  const text = source.text;
  let s = start;
  let e = r.end;
  while (s < e && /\s/.test(text[s]!)) s++;
  while (e > s && /\s/.test(text[e - 1]!)) e--;
  const builder = new TemplateBuilder();
  let at = s;
  for (const ref of r.refs) {
    builder.literal(text.slice(at, ref.span.offset));
    builder.variable(ref);
    at = ref.span.offset + ref.span.length;
  }
  builder.literal(text.slice(at, e));
  return { template: builder.build(source.span(s, e)), end: r.end, stop: r.stop, issues: r.issues };
}

/**
 * Error recovery: the offset where parsing can resume after a bad statement, just after its
 * `;` or at a line that starts with a statement keyword (whichever comes first).
 */
export function recoveryPoint(source: SourceFile, start: number): number {
  const r = scanRaw(source, start, { stopAtTo: false, statementStart: 'loose', variables: false });
  return r.stop === 'semicolon' ? r.end + 1 : r.end;
}

/** True when a statement keyword starts at `offset` as the first word of its line. */
export function startsStatement(source: SourceFile, offset: number): boolean {
  return firstOnLine(source.text, offset) && matchesAt(ANY_KEYWORD, source.text, offset);
}
