import { causeChain, isSqlflowError } from '@sqlflow/core';

/**
 * The text shown for an error: its message (already saying what to fix), then the chain of
 * causes that add information, each on its own line; `redact` removes secrets.
 */
export function formatError(error: unknown, redact: (text: string) => string = (t) => t): string {
  const lines: string[] = [];
  let first = true;
  for (const e of causeChain(error)) {
    const message = e instanceof Error ? e.message : String(e);
    if (!message || lines.some((l) => l.includes(message))) continue;
    const code = isSqlflowError(e) ? ` [${e.code}]` : '';
    lines.push(first ? `error${code}: ${message}` : `  caused by: ${message}`);
    first = false;
  }
  return redact(lines.join('\n')) + '\n';
}
