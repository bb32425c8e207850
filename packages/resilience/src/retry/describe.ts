import { causeChain, isSqlflowError } from '@sqlflow/core';
import { codeOf, httpStatusOf, nameOf } from '../classify/error-fields';
import type { RetryEvent } from './retry-policy';

/** A duration for people: `850ms`, `1.2s`, `2m 5s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(1))}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds === 0 ? `${minutes}m` : `${minutes}m ${seconds}s`;
}

/** A short label for an error: `HTTP 503`, `a 30s timeout` or `ECONNRESET` found anywhere in its causes, else `Name: message`. */
export function describeError(error: unknown): string {
  const chain = [...causeChain(error)];
  for (const link of chain) {
    const status = httpStatusOf(link);
    if (status !== undefined) return `HTTP ${status}`;
  }
  for (const link of chain) {
    const timeoutMs = isSqlflowError(link) ? link.details.timeoutMs : undefined;
    if (typeof timeoutMs === 'number') return `a ${formatDuration(timeoutMs)} timeout`;
  }
  for (const link of chain) {
    const code = codeOf(link);
    if (code !== undefined && !isSqlflowError(link)) return code;
  }
  const message = error instanceof Error ? error.message : String(error);
  const short = message.length > 80 ? `${message.slice(0, 77)}...` : message;
  return `${nameOf(error) ?? 'Error'}: ${short}`;
}

/**
 * One log line for a retry, for runners' `onRetry` hooks.
 *
 * @example formatRetry({ attempt: 2, maxAttempts: 6, delayMs: 1200, error: httpError503, retryAfter: false }) // "retry 2/5 in 1.2s after HTTP 503"
 */
export function formatRetry(event: RetryEvent): string {
  const waited = event.retryAfter ? ' (as the server asked)' : '';
  return `retry ${event.attempt}/${event.maxAttempts - 1} in ${formatDuration(event.delayMs)}${waited} after ${describeError(event.error)}`;
}
