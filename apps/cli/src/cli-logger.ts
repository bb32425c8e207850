import type { Logger, LogFields } from '@sqlflow/core';

/** Log levels, least to most severe. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
/** One of {@link LOG_LEVELS}. */
export type LogLevel = (typeof LOG_LEVELS)[number];

function formatFields(fields: LogFields | undefined): string {
  if (!fields) return '';
  const parts = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? (/\s/.test(v) ? JSON.stringify(v) : v) : JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x))}`);
  return parts.length ? ` ${parts.join(' ')}` : '';
}

/**
 * A logger writing `level: message key=value` lines through `write`, dropping lines below
 * `level` and passing every line through `redact` so that no secret reaches the terminal.
 */
export function createCliLogger(write: (line: string) => void, level: LogLevel, redact: (text: string) => string, bindings: LogFields = {}): Logger {
  const min = LOG_LEVELS.indexOf(level);
  const log =
    (l: LogLevel) =>
    (message: string, fields?: LogFields): void => {
      if (LOG_LEVELS.indexOf(l) < min) return;
      write(redact(`${l}: ${message}${formatFields({ ...bindings, ...fields })}`) + '\n');
    };
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: (more) => createCliLogger(write, level, redact, { ...bindings, ...more }),
  };
}
