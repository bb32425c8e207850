import { AbortedError, AuthError, ConfigError, isSqlflowError, NotFoundError, RateLimitError, type SqlflowError, TransientError } from '@sqlflow/core';

const AUTH = new Set(['AccessDenied', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'ExpiredToken', 'InvalidToken', 'TokenRefreshRequired', 'AllAccessDisabled', 'AccountProblem', 'CredentialsProviderError']);
const THROTTLE = new Set(['SlowDown', 'Throttling', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequests', 'TooManyRequestsException']);
const TRANSIENT = new Set(['ServiceUnavailable', 'InternalError', 'RequestTimeout', 'RequestTimeTooSkewed', 'TimeoutError', 'OperationAborted']);
const NETWORK = /^(ECONNRESET|ECONNREFUSED|ECONNABORTED|ETIMEDOUT|EPIPE|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|UND_ERR_\w+|ERR_STREAM_PREMATURE_CLOSE)$/;

interface AwsErrorShape {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
  Code?: string;
}

/** Where a failing S3 call was aimed, for messages. */
export interface S3Target {
  readonly bucket: string;
  readonly key?: string;
  readonly operation: string;
}

function where(t: S3Target): string {
  return `s3://${t.bucket}/${t.key ?? ''}`;
}

/**
 * Maps an AWS SDK (or network) error to a typed SQLFlow error: access denied and bad keys to
 * `AuthError` (never retried), a missing bucket to `ConfigError` naming `bucket`, a missing key
 * to `NotFoundError`, SlowDown/503 to `RateLimitError`, 500/ServiceUnavailable and network
 * failures to `TransientError` (both retried by the policy).
 */
export function mapS3Error(error: unknown, target: S3Target): SqlflowError {
  if (isSqlflowError(error)) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as AwsErrorShape;
  const name = e.name ?? e.Code ?? '';
  const code = e.code ?? '';
  const status = e.$metadata?.httpStatusCode;
  const detail = e.message && e.message !== name ? `: ${e.message}` : '';
  const details = { bucket: target.bucket, key: target.key, operation: target.operation, awsCode: name || code, httpStatus: status, requestId: e.$metadata?.requestId };
  const options = { cause: error, details };
  if (name === 'AbortError' || code === 'ABORT_ERR') return new AbortedError(`s3: ${target.operation} of ${where(target)} was aborted`, options);
  if (AUTH.has(name) || status === 403) {
    const which =
      name === 'InvalidAccessKeyId'
        ? 'the access key ID is unknown to the service; check `access_key_id` (and `endpoint_url`/`region` for the account)'
        : name === 'SignatureDoesNotMatch'
          ? 'the request signature does not match; check `secret_access_key` for this `access_key_id`'
          : name === 'ExpiredToken' || name === 'InvalidToken'
            ? 'the temporary credentials expired or are invalid; renew `session_token` with its key pair'
            : `access was denied; check that the credentials (\`access_key_id\`, or the default AWS chain) allow ${target.operation} on bucket \`${target.bucket}\``;
    return new AuthError(`s3: ${target.operation} ${where(target)} failed (${name || `HTTP ${status}`}): ${which}`, options);
  }
  if (name === 'NoSuchBucket') {
    return new ConfigError(`s3: bucket \`${target.bucket}\` does not exist (at this \`endpoint_url\`/\`region\`); check \`bucket\``, { ...options, connector: 's3', parameter: 'bucket' });
  }
  if (name === 'PermanentRedirect' || name === 'AuthorizationHeaderMalformed' || name === 'IllegalLocationConstraintException') {
    return new ConfigError(`s3: bucket \`${target.bucket}\` is in another region${detail}; set \`region\` to the bucket's region`, { ...options, connector: 's3', parameter: 'region' });
  }
  if (name === 'NoSuchKey' || name === 'NotFound' || status === 404) {
    return new NotFoundError(`s3: ${where(target)} does not exist (deleted after listing?); rerun, or check \`path_prefix\``, options);
  }
  if (THROTTLE.has(name) || status === 429 || (status === 503 && name !== 'ServiceUnavailable')) {
    return new RateLimitError(`s3: ${target.operation} ${where(target)} was throttled (${name || `HTTP ${status}`}); retrying with backoff`, options);
  }
  if (TRANSIENT.has(name) || (status !== undefined && status >= 500)) {
    return new TransientError(`s3: ${target.operation} ${where(target)} failed on the server (${name || `HTTP ${status}`})${detail}`, options);
  }
  if (NETWORK.test(code) || NETWORK.test(name) || (status === undefined && /socket|network|ECONN|timed? ?out/i.test(e.message ?? ''))) {
    return new TransientError(`s3: ${target.operation} ${where(target)} failed: ${e.message ?? code}; check \`endpoint_url\` and the network`, options);
  }
  if (status !== undefined && status >= 400) {
    return new ConfigError(`s3: ${target.operation} ${where(target)} was rejected (${name || `HTTP ${status}`})${detail}; check the connector's parameters`, { ...options, connector: 's3' });
  }
  return new TransientError(`s3: ${target.operation} ${where(target)} failed (${name || code || 'unknown error'})${detail}`, { ...options, retryable: false });
}
