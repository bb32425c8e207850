/** Optimal-string-alignment edit distance (insert, delete, substitute, swap neighbours). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The candidate closest to `input`, if close enough to be a likely typo: case and `-`/`_`
 * differences are ignored, and the distance may be at most a third of the longer name (min 1).
 *
 * @example suggest('delimter', ['delimiter', 'quote_char']) // 'delimiter'
 */
export function suggest(input: string, candidates: Iterable<string>): string | undefined {
  const norm = (s: string): string => s.toLowerCase().replace(/[-_\s]/g, '');
  const target = norm(input);
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    const c = norm(candidate);
    const score = c === target ? 0 : editDistance(target, c);
    const limit = Math.max(1, Math.floor(Math.max(c.length, target.length) / 3));
    const isPrefix = target.length >= 3 && (c.startsWith(target) || target.startsWith(c));
    if ((score <= limit || isPrefix) && score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}
