import { AbortedError, AuthError, ConfigError, NotFoundError, RateLimitError, type SqlflowError, TransientError } from '@sqlflow/core';
import { parseRetryAfter } from '@sqlflow/resilience';

/** The fields of a `stripe` SDK error this connector reads. */
interface StripeSdkError {
  readonly type?: string;
  readonly rawType?: string;
  readonly statusCode?: number;
  readonly code?: string;
  readonly message?: string;
  readonly requestId?: string;
  readonly headers?: Readonly<Record<string, string | undefined>>;
}

function isSdkError(error: unknown): error is StripeSdkError & Error {
  return error instanceof Error && typeof (error as { type?: unknown }).type === 'string' && (error as unknown as { type: string }).type.startsWith('Stripe');
}

/**
 * A sanitized stand-in for the SDK error as `cause`: its message redacted, its status, code and
 * response headers kept (the resilience classifiers read those), nothing of the request.
 */
function sanitizedCause(e: StripeSdkError & Error, redact: (t: string) => string): Error {
  const cause = new Error(redact(e.message ?? ''));
  cause.name = e.type ?? 'StripeError';
  return Object.assign(cause, { statusCode: e.statusCode, code: e.code, requestId: e.requestId, headers: { ...e.headers } });
}

/**
 * Maps a `stripe` SDK error (or any error of a call) to SQLFlow's typed errors, with a message
 * that says what to fix and every Stripe key redacted:
 * 401 -> AuthError; 403 -> AuthError naming the permission; 429 `rate_limit` -> RateLimitError;
 * 429 `lock_timeout`, 409, 5xx, `Stripe-Should-Retry: true`, connection errors and invalid JSON ->
 * TransientError; other 4xx -> ConfigError / NotFoundError (not retried).
 */
export function mapStripeError(error: unknown, what: string, redact: (t: string) => string, nowMs: number): SqlflowError | unknown {
  if (error instanceof AbortedError || (error as { name?: string })?.name === 'AbortError') return error;
  if (!isSdkError(error)) return error;
  const cause = sanitizedCause(error, redact);
  const message = redact(error.message ?? 'unknown error');
  const status = error.statusCode ?? 0;
  const where = `Stripe ${what}`;
  const details = { status, code: error.code, requestId: error.requestId };
  const shouldRetry = error.headers?.['stripe-should-retry'];
  if (status === 401) {
    return new AuthError(`${where} was refused (HTTP 401): ${message}. Check \`secret_key\`: it must be a current secret (sk_) or restricted (rk_) key of this account and mode (test/live).`, { cause, details });
  }
  if (status === 403) {
    return new AuthError(`${where} is not permitted (HTTP 403): ${message}. Check \`secret_key\`: a restricted key needs read permission for this resource; with \`account_id\`, the key needs access to that connected account.`, { cause, details });
  }
  if (status === 429 && error.code !== 'lock_timeout') {
    const header = error.headers?.['retry-after'];
    const retryAfterMs = header ? parseRetryAfter(header, nowMs) : undefined;
    return new RateLimitError(`${where} was rate limited (HTTP 429 ${error.code ?? ''}): ${message}. Lower \`max_requests_per_second\` if this repeats.`, { cause, details, retryAfterMs });
  }
  if (shouldRetry === 'false' && status < 500) return new ConfigError(`${where} failed (HTTP ${status}): ${message}`, { cause, details, connector: 'stripe' });
  if (status === 429 || status === 409 || status >= 500 || shouldRetry === 'true' || error.type === 'StripeConnectionError' || status === 0 || /invalid json/i.test(message)) {
    return new TransientError(`${where} failed${status ? ` (HTTP ${status})` : ''}: ${message}`, { cause, details });
  }
  if (status === 404) return new NotFoundError(`${where} found nothing (HTTP 404): ${message}`, { cause, details });
  return new ConfigError(`${where} was rejected (HTTP ${status}): ${message}`, { cause, details, connector: 'stripe' });
}
