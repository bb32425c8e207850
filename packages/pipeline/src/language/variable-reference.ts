import type { VariableReference } from './ast';
import type { SourceFile } from './source-file';

/** The result of reading `${...}` at an offset: the reference, or what is wrong with it. */
export type VariableReadResult =
  | { readonly ok: true; readonly ref: VariableReference; readonly end: number }
  | { readonly ok: false; readonly message: string; readonly end: number };

const NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/**
 * Reads `${name}` or `${name|default}` starting at `offset` (which must point at `$`). The
 * reference ends at the first `}` on the same line; the default is the text after `|`, trimmed.
 */
export function readVariableReference(source: SourceFile, offset: number): VariableReadResult {
  const text = source.text;
  let i = offset + 2;
  while (i < text.length && text[i] !== '}' && text[i] !== '\n') i++;
  if (text[i] !== '}') return { ok: false, message: 'unterminated variable reference: `${` needs a closing `}` on the same line', end: i };
  const inner = text.slice(offset + 2, i);
  const bar = inner.indexOf('|');
  const name = (bar < 0 ? inner : inner.slice(0, bar)).trim();
  const end = i + 1;
  if (!NAME.test(name)) {
    const shown = name === '' ? 'an empty name' : `\`${name}\``;
    return { ok: false, message: `invalid variable reference \`\${${inner}}\`: ${shown} is not a variable name (letters, digits, _; \`env.NAME\` for the environment)`, end };
  }
  const ref: VariableReference = { name, defaultValue: bar < 0 ? undefined : inner.slice(bar + 1).trim(), span: source.span(offset, end) };
  return { ok: true, ref, end };
}
