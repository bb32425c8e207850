import { causeChain, isSqlflowError } from '@sqlflow/core';
import { codeOf, httpStatusOf, nameOf } from './error-fields';

/** AWS and generic error codes that mean "slow down" (matched against `code` and `name`). */
export const THROTTLING_CODES: ReadonlySet<string> = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'BandwidthLimitExceeded',
]);

/**
 * True when `error`, or any error in its `cause` chain, says the remote side is throttling us:
 * a `RateLimitError`, HTTP 429, or an AWS throttling code (S3's 503 `SlowDown` included).
 *
 * @example isThrottled(new Error('page failed', { cause: { $metadata: { httpStatusCode: 429 } } })) // true
 */
export function isThrottled(error: unknown): boolean {
  for (const link of causeChain(error)) {
    if (isSqlflowError(link) && link.code === 'RATE_LIMITED') return true;
    if (httpStatusOf(link) === 429) return true;
    const code = codeOf(link);
    const name = nameOf(link);
    if ((code !== undefined && THROTTLING_CODES.has(code)) || (name !== undefined && THROTTLING_CODES.has(name))) return true;
  }
  return false;
}
