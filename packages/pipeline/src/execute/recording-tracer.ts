import type { LogFields, Tracer } from '@sqlflow/core';

/** One timed operation of a run. */
export interface TraceSpan {
  readonly name: string;
  readonly attributes: LogFields;
  /** Milliseconds since the trace started. */
  readonly startMs: number;
  readonly durationMs: number;
  readonly status: 'ok' | 'error';
  readonly error?: string;
}

/** A tracer that keeps every span in memory, for `--trace FILE`. */
export interface RecordingTracer extends Tracer {
  readonly spans: readonly TraceSpan[];
  /** Adds attributes to the innermost open span (e.g. an EXPLAIN plan). */
  annotate(attributes: LogFields): void;
}

/**
 * Records spans with their timings. `redact` is applied to attribute strings and errors, so a
 * trace file never holds a secret.
 */
export function createRecordingTracer(redact: (text: string) => string = (t) => t, now: () => number = () => performance.now()): RecordingTracer {
  const spans: TraceSpan[] = [];
  const open: Record<string, unknown>[] = [];
  const origin = now();
  const clean = (attrs: LogFields): LogFields =>
    Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, typeof v === 'string' ? redact(v) : v]));
  return {
    spans,
    annotate(attributes) {
      const top = open[open.length - 1];
      if (top) Object.assign(top, clean(attributes));
    },
    async span<T>(name: string, attributes: LogFields, fn: () => Promise<T>): Promise<T> {
      const start = now();
      const attrs: Record<string, unknown> = { ...clean(attributes) };
      open.push(attrs);
      const finish = (status: 'ok' | 'error', error?: unknown): void => {
        open.splice(open.lastIndexOf(attrs), 1);
        spans.push({
          name,
          attributes: attrs,
          startMs: Math.round((start - origin) * 1000) / 1000,
          durationMs: Math.round((now() - start) * 1000) / 1000,
          status,
          ...(error === undefined ? {} : { error: redact(error instanceof Error ? error.message : String(error)) }),
        });
      };
      try {
        const result = await fn();
        finish('ok');
        return result;
      } catch (error) {
        finish('error', error);
        throw error;
      }
    },
  };
}
