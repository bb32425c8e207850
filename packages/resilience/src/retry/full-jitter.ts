/** The numbers that shape exponential backoff. */
export interface BackoffOptions {
  /** Cap of the first retry's delay window, in ms. */
  readonly initialDelayMs: number;
  /** Largest delay window, in ms. */
  readonly maxDelayMs: number;
  /** Source of randomness in [0, 1); inject a fixed one in tests. Defaults to `Math.random`. */
  readonly random?: () => number;
}

/**
 * Exponential backoff with full jitter: a whole number of ms drawn uniformly from
 * `[0, min(maxDelayMs, initialDelayMs * 2^retryIndex))`, where `retryIndex` is 0 for the first retry.
 *
 * @example fullJitterDelay(2, { initialDelayMs: 100, maxDelayMs: 10_000, random: () => 0.5 }) // 200
 */
export function fullJitterDelay(retryIndex: number, options: BackoffOptions): number {
  const window = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** Math.max(0, retryIndex));
  const random = options.random ?? Math.random;
  return Math.floor(random() * window);
}
