import type { CompareOperator, Condition, Operand } from './ast';
import type { TokenCursor } from './token-cursor';

const OPERATORS: Readonly<Record<string, CompareOperator>> = { '==': '==', '=': '==', '!=': '!=', '<>': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };
const MAX_DEPTH = 64;

/**
 * Parses an IF condition: OR over AND over NOT over comparisons, with parentheses; keywords in
 * any case. Operands are strings, numbers, booleans, `${var}` or a bare variable name.
 */
export function parseCondition(c: TokenCursor, depth = 0): Condition {
  if (depth > MAX_DEPTH) c.fail(c.tok.start, c.tok.end, `condition nested deeper than ${MAX_DEPTH} levels`);
  let left = parseAnd(c, depth);
  while (c.is('OR')) {
    c.advance();
    const right = parseAnd(c, depth);
    left = { kind: 'or', left, right, span: c.source.span(left.span.offset, right.span.offset + right.span.length) };
  }
  return left;
}

function parseAnd(c: TokenCursor, depth: number): Condition {
  let left = parseNot(c, depth);
  while (c.is('AND')) {
    c.advance();
    const right = parseNot(c, depth);
    left = { kind: 'and', left, right, span: c.source.span(left.span.offset, right.span.offset + right.span.length) };
  }
  return left;
}

function parseNot(c: TokenCursor, depth: number): Condition {
  if (c.is('NOT')) {
    const start = c.advance().start;
    const operand = parseNot(c, depth + 1);
    return { kind: 'not', operand, span: c.source.span(start, operand.span.offset + operand.span.length) };
  }
  if (c.isPunct('(')) {
    const start = c.advance().start;
    const inner = parseCondition(c, depth + 1);
    const close = c.punct(')', 'to close the parenthesis of the condition');
    return { ...inner, span: c.source.span(start, close.end) };
  }
  const left = parseOperand(c);
  const op = c.tok.kind === 'punct' ? OPERATORS[c.tok.text] : undefined;
  if (op === undefined) return { kind: 'value', operand: left, span: left.span };
  c.advance();
  const right = parseOperand(c);
  return { kind: 'compare', op, left, right, span: c.source.span(left.span.offset, right.span.offset + right.span.length) };
}

function parseOperand(c: TokenCursor): Operand {
  const t = c.tok;
  const what = 'a value (a string, number, true/false or a variable) in the condition';
  if (t.kind === 'string') {
    c.advance();
    return { kind: 'string', value: t.template!, span: c.source.span(t.start, t.end) };
  }
  if (t.kind === 'number') {
    c.advance();
    return { kind: 'number', value: t.number!, span: c.source.span(t.start, t.end) };
  }
  if (c.isPunct('-')) {
    c.advance();
    const n = c.tok;
    if (n.kind !== 'number' || n.start !== t.end) c.expected('a number after "-"');
    c.advance();
    return { kind: 'number', value: -n.number!, span: c.source.span(t.start, n.end) };
  }
  if (t.kind === 'word') {
    if (['AND', 'OR', 'NOT', 'THEN'].includes(t.keyword)) c.expected(what);
    c.advance();
    const span = c.source.span(t.start, t.end);
    if (t.keyword === 'TRUE' || t.keyword === 'FALSE') return { kind: 'boolean', value: t.keyword === 'TRUE', span };
    const parts = t.template!.parts;
    const only = parts.length === 1 ? parts[0] : undefined;
    if (only !== undefined && typeof only !== 'string') return { kind: 'variable', ref: only, span };
    if (parts.every((p) => typeof p === 'string')) return { kind: 'variable', ref: { name: t.text, defaultValue: undefined, span }, span };
    return { kind: 'string', value: t.template!, span };
  }
  return c.expected(what);
}
