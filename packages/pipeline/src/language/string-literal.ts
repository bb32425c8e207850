import type { Template } from './ast';
import type { SourceFile } from './source-file';
import { TemplateBuilder } from './template';
import { readVariableReference } from './variable-reference';

/** A decoded string literal, or where and why it is malformed. */
export type StringLiteralResult =
  | { readonly ok: true; readonly template: Template; readonly end: number }
  | { readonly ok: false; readonly message: string; readonly issueStart: number; readonly issueEnd: number; readonly end: number };

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '0': '\0' };

/**
 * Reads a `"..."` or `'...'` literal at `start` into a template: backslash escapes (JSON's, plus
 * `\'`), `''` inside single quotes, and `${...}` references. `end` is just past the closing quote.
 */
export function readStringLiteral(source: SourceFile, start: number, allowNewlines: boolean): StringLiteralResult {
  const text = source.text;
  const quote = text[start]!;
  const builder = new TemplateBuilder();
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === quote && quote === "'" && text[i + 1] === "'") {
      builder.literal("'");
      i += 2;
    } else if (c === quote) {
      return { ok: true, template: builder.build(source.span(start, i + 1)), end: i + 1 };
    } else if (c === '\n' && !allowNewlines) {
      break;
    } else if (c === '\\') {
      const e = text[i + 1];
      if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
        builder.literal(String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16)));
        i += 6;
      } else {
        builder.literal(e === undefined ? '' : ESCAPES[e] ?? e);
        i += 2;
      }
    } else if (c === '$' && text[i + 1] === '{') {
      const r = readVariableReference(source, i);
      if (!r.ok) return { ok: false, message: r.message, issueStart: i, issueEnd: r.end, end: skipRest(text, r.end, quote, allowNewlines) };
      builder.variable(r.ref);
      i = r.end;
    } else {
      builder.literal(c);
      i++;
    }
  }
  const where = allowNewlines ? '' : ' on the same line';
  return { ok: false, message: `unterminated string: the ${quote} here is not closed${where}`, issueStart: start, issueEnd: start + 1, end: i };
}

function skipRest(text: string, from: number, quote: string, allowNewlines: boolean): number {
  let i = from;
  while (i < text.length && (allowNewlines || text[i] !== '\n')) {
    if (text[i] === '\\') i += 2;
    else if (text[i] === quote) return i + 1;
    else i++;
  }
  return Math.min(i, text.length);
}
