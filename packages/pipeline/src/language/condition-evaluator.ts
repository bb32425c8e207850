import type { CompareOperator, Condition, Operand } from './ast';
import type { VariableValue } from './resolved';

const NUMBER = /^\s*-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;
const FALSY = new Set(['', 'false', '0', 'no', 'off']);

function asNumber(v: VariableValue): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && NUMBER.test(v)) return Number(v);
  return undefined;
}

function asBoolean(v: VariableValue): boolean | undefined {
  if (typeof v === 'boolean') return v;
  const s = String(v).trim().toLowerCase();
  return s === 'true' ? true : s === 'false' ? false : undefined;
}

/** Truthiness of a lone value: booleans as such, numbers when non-zero, text unless empty/false/0/no/off. */
export function isTruthy(v: VariableValue): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  return !FALSY.has(v.trim().toLowerCase());
}

/** Compares two values: numerically when both read as numbers, as booleans when one is, else as text. */
export function compareValues(op: CompareOperator, a: VariableValue, b: VariableValue): boolean {
  let order: number;
  const na = asNumber(a);
  const nb = asNumber(b);
  const ba = asBoolean(a);
  const bb = asBoolean(b);
  if (na !== undefined && nb !== undefined) order = na - nb;
  else if ((typeof a === 'boolean' || typeof b === 'boolean') && ba !== undefined && bb !== undefined) order = Number(ba) - Number(bb);
  else {
    const sa = String(a);
    const sb = String(b);
    order = sa < sb ? -1 : sa > sb ? 1 : 0;
  }
  switch (op) {
    case '==':
      return order === 0;
    case '!=':
      return order !== 0;
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
  }
}

/** Evaluates a condition; `operand` gives each operand's value. AND / OR short-circuit. */
export function evaluateCondition(condition: Condition, operand: (o: Operand) => VariableValue): boolean {
  switch (condition.kind) {
    case 'or':
      return evaluateCondition(condition.left, operand) || evaluateCondition(condition.right, operand);
    case 'and':
      return evaluateCondition(condition.left, operand) && evaluateCondition(condition.right, operand);
    case 'not':
      return !evaluateCondition(condition.operand, operand);
    case 'compare':
      return compareValues(condition.op, operand(condition.left), operand(condition.right));
    case 'value':
      return isTruthy(operand(condition.operand));
  }
}
