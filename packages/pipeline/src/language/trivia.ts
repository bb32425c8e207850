/** The message for a `/*` comment that never closes. */
export const UNTERMINATED_COMMENT = 'unterminated comment: `/*` is never closed by `*/`';

/**
 * Skips whitespace and `--`, `//` and `/* *\/` comments in `text` from `offset`; returns the next
 * significant offset, or, for a `/*` comment that never closes, its start negated minus one.
 */
export function skipTrivia(text: string, offset: number): number {
  let i = offset;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text.startsWith('--', i) || text.startsWith('//', i)) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) return -i - 1;
      i = close + 2;
    } else return i;
  }
}
