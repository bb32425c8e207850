import type { JsonEntry, JsonNode, JsonObjectNode } from './ast';
import type { SourceFile } from './source-file';
import type { ScanIssue } from './sql-scanner';
import { readStringLiteral } from './string-literal';
import { skipTrivia, UNTERMINATED_COMMENT } from './trivia';
import { readVariableReference } from './variable-reference';

/** A JSON object read from PARAMS / OPTIONS, or the first problem that stopped it. */
export type JsonParseResult =
  | { readonly ok: true; readonly node: JsonObjectNode; readonly end: number; readonly issues: readonly ScanIssue[] }
  | { readonly ok: false; readonly issue: ScanIssue; readonly issues: readonly ScanIssue[] };

class Stop {
  constructor(readonly issue: ScanIssue) {}
}

const MAX_DEPTH = 64;

/**
 * Reads the JSON object starting at `start` (which must be `{`), relaxed for hand-written
 * pipelines: `--`, `//` and `/* *\/` comments, trailing commas, single-quoted strings, bare
 * keys, strings over several lines, and `${var}` standing as a value.
 */
export function parseJsonObject(source: SourceFile, start: number): JsonParseResult {
  const text = source.text;
  const issues: ScanIssue[] = [];
  let i = start;

  const fail = (at: number, end: number, message: string): never => {
    throw new Stop({ span: source.span(at, Math.max(end, at + 1)), message });
  };
  const trivia = (): void => {
    const next = skipTrivia(text, i);
    if (next < 0) fail(-next - 1, -next + 1, UNTERMINATED_COMMENT);
    i = next;
  };
  const found = (): string => {
    if (i >= text.length) return 'the end of the file';
    const m = /"(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?|[\w$]+|\S/y;
    m.lastIndex = i;
    const t = m.exec(text)?.[0] ?? text[i]!;
    return /^["']/.test(t) ? (t.length > 40 ? `${t.slice(0, 37)}...` : t) : `"${t}"`;
  };
  const tokenEnd = (): number => {
    const m = /[\w$]+|\S/y;
    m.lastIndex = i;
    return i + (m.exec(text)?.[0].length ?? 1);
  };

  const value = (depth: number): JsonNode => {
    trivia();
    if (depth > MAX_DEPTH) fail(i, i + 1, `JSON nested deeper than ${MAX_DEPTH} levels`);
    const at = i;
    const c = text[i];
    if (c === '{') return object(depth + 1);
    if (c === '[') {
      i++;
      const items: JsonNode[] = [];
      for (;;) {
        trivia();
        if (text[i] === ']') break;
        items.push(value(depth + 1));
        trivia();
        if (text[i] === ',') i++;
        else if (text[i] !== ']') fail(i, tokenEnd(), `expected "," or "]" in a JSON array, found ${found()}`);
      }
      i++;
      return { kind: 'array', items, span: source.span(at, i) };
    }
    if (c === '"' || c === "'") {
      const r = readStringLiteral(source, i, true);
      if (!r.ok) fail(r.issueStart, r.issueEnd, r.message);
      else {
        i = r.end;
        return { kind: 'string', value: r.template, span: source.span(at, i) };
      }
    }
    if (c === '$' && text[i + 1] === '{') {
      const r = readVariableReference(source, i);
      if (!r.ok) fail(i, r.end, r.message);
      else {
        i = r.end;
        return { kind: 'variable', ref: r.ref, span: r.ref.span };
      }
    }
    const num = /-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/y;
    num.lastIndex = i;
    const n = num.exec(text);
    if (n && !/[\w.]/.test(text[i + n[0].length] ?? '')) {
      i += n[0].length;
      return { kind: 'number', value: Number(n[0]), span: source.span(at, i) };
    }
    const word = /[A-Za-z_]\w*/y;
    word.lastIndex = i;
    const w = word.exec(text)?.[0];
    if (w === 'true' || w === 'false') {
      i += w.length;
      return { kind: 'boolean', value: w === 'true', span: source.span(at, i) };
    }
    if (w === 'null') {
      i += 4;
      return { kind: 'null', span: source.span(at, i) };
    }
    const hint = w ? `; quote text values ("${w}")` : '';
    return fail(i, tokenEnd(), `expected a JSON value, found ${found()}${hint}`);
  };

  const key = (): { key: string; start: number; end: number } => {
    const at = i;
    const c = text[i];
    if (c === '"' || c === "'") {
      const r = readStringLiteral(source, i, false);
      if (!r.ok) return fail(r.issueStart, r.issueEnd, r.message);
      if (r.template.parts.some((p) => typeof p !== 'string')) fail(at, r.end, 'variables are not allowed in JSON keys');
      i = r.end;
      return { key: r.template.parts.join(''), start: at, end: i };
    }
    const word = /[A-Za-z_][\w-]*/y;
    word.lastIndex = i;
    const w = word.exec(text)?.[0];
    if (!w) return fail(i, tokenEnd(), `expected a quoted key or "}" in a JSON object, found ${found()}`);
    i += w.length;
    return { key: w, start: at, end: i };
  };

  const object = (depth: number): JsonObjectNode => {
    const at = i;
    i++;
    const entries: JsonEntry[] = [];
    const seen = new Set<string>();
    for (;;) {
      trivia();
      if (text[i] === '}') break;
      const k = key();
      const keySpan = source.span(k.start, k.end);
      if (seen.has(k.key)) issues.push({ span: keySpan, message: `duplicate key "${k.key}" in a JSON object` });
      seen.add(k.key);
      trivia();
      if (text[i] !== ':') fail(i, tokenEnd(), `expected ":" after the key "${k.key}", found ${found()}`);
      i++;
      entries.push({ key: k.key, keySpan, value: value(depth) });
      trivia();
      if (text[i] === ',') i++;
      else if (text[i] !== '}') fail(i, tokenEnd(), `expected "," or "}" after the value of "${k.key}", found ${found()}`);
    }
    i++;
    return { kind: 'object', entries, span: source.span(at, i) };
  };

  try {
    const node = object(1);
    return { ok: true, node, end: i, issues };
  } catch (error) {
    if (error instanceof Stop) return { ok: false, issue: error.issue, issues };
    throw error;
  }
}
