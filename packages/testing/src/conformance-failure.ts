/**
 * Thrown by a conformance check when a connector breaks the contract. The message says which
 * rule failed, what was seen, and what the connector should do instead.
 */
export class ConformanceFailure extends Error {
  /** The check that failed (e.g. `spec`, `full-read`). */
  readonly check: string;
  constructor(check: string, message: string, options: { cause?: unknown } = {}) {
    super(`[${check}] ${message}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ConformanceFailure';
    this.check = check;
  }
}

/** Throws a `ConformanceFailure` for `check` unless `condition` holds. */
export function ensure(condition: unknown, check: string, message: string | (() => string)): asserts condition {
  if (!condition) throw new ConformanceFailure(check, typeof message === 'string' ? message : message());
}

/** A short, safe rendering of any value for failure messages. */
export function show(value: unknown, max = 300): string {
  let text: string;
  if (value instanceof Error) text = `${value.name}: ${value.message}`;
  else {
    try {
      text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
