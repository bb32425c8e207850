import { AbortedError, ConfigError, RateLimitError, systemClock, throwIfAborted, type Clock } from '@sqlflow/core';
import { formatDuration } from '../retry/describe';

/** Settings of a token bucket. */
export interface TokenBucketOptions {
  /** Steady rate: tokens added per second. */
  readonly ratePerSecond: number;
  /** Most tokens the bucket holds, i.e. the largest burst (default 1). */
  readonly burst?: number;
  /** `wait` (default) queues callers until a token is free; `fail` throws `RateLimitError` at once. */
  readonly onEmpty?: 'wait' | 'fail';
  /** "Now"; defaults to the system clock. Timers are `setTimeout`, so fake timers drive both. */
  readonly clock?: Clock;
  /** Names the budget in error messages (for example the API and key). */
  readonly name?: string;
}

/** What an API's rate-limit response headers say about the budget. */
export interface RateLimitHeaders {
  /** The budget's size (caps the burst). */
  readonly limit?: number;
  /** Requests left in the current window (caps the tokens in hand). */
  readonly remaining?: number;
  /** When the window resets, ms since the epoch; with nothing remaining, the bucket pauses until then. */
  readonly resetAtMs?: number;
}

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

const EPSILON = 1e-9;

/**
 * A token bucket: starts full with `burst` tokens, refills at `ratePerSecond`, serves waiters
 * first come first served. Response headers can steer it (`updateFromHeaders`, `pauseUntil`).
 * Create one per API budget (for example per API key) and share it across sessions, for
 * instance through `context.shared.getOrCreate`.
 *
 * @example const bucket = new TokenBucket({ ratePerSecond: 2, burst: 40 }); await bucket.acquire(signal);
 */
export class TokenBucket {
  private readonly rate: number;
  private readonly burst: number;
  private readonly clock: Clock;
  private capacity: number;
  private tokens: number;
  /** When `tokens` was last brought up to date; in the future while paused. */
  private updatedAtMs: number;
  private readonly queue: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: TokenBucketOptions) {
    if (!(options.ratePerSecond > 0)) {
      throw new ConfigError(`TokenBucket ratePerSecond must be a positive number, got ${String(options.ratePerSecond)}.`, { parameter: 'ratePerSecond' });
    }
    const burst = options.burst ?? 1;
    if (!(burst >= 1)) throw new ConfigError(`TokenBucket burst must be at least 1, got ${String(burst)}.`, { parameter: 'burst' });
    this.rate = options.ratePerSecond;
    this.burst = burst;
    this.capacity = burst;
    this.tokens = burst;
    this.clock = options.clock ?? systemClock;
    this.updatedAtMs = this.clock.now();
  }

  /** Tokens available now (fractional while refilling). */
  get available(): number {
    this.refill();
    return this.clock.now() < this.updatedAtMs ? 0 : this.tokens;
  }

  /** Takes a token if one is free now and nobody is queued; never waits. */
  tryAcquire(): boolean {
    return this.queue.length === 0 && this.take();
  }

  /**
   * Takes a token, waiting in line for one (`onEmpty: 'wait'`), or throws `RateLimitError`
   * with `retryAfterMs` (`onEmpty: 'fail'`). Aborting `signal` leaves the line with `AbortedError`.
   */
  async acquire(signal?: AbortSignal): Promise<void> {
    throwIfAborted(signal);
    if (this.tryAcquire()) return;
    if (this.options.onEmpty === 'fail') {
      const waitMs = this.msUntilToken();
      const who = this.options.name ?? 'this rate limit';
      throw new RateLimitError(
        `The request budget of ${who} (${this.rate}/s, burst ${this.capacity}) is used up; the next request may go in ${formatDuration(waitMs)}. ` +
          "Slow down, or use onEmpty: 'wait' to queue instead of failing.",
        { retryAfterMs: waitMs, details: { ratePerSecond: this.rate, burst: this.capacity } },
      );
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal, onAbort: undefined };
      if (signal) {
        waiter.onAbort = () => this.leave(waiter);
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.queue.push(waiter);
      this.schedule();
    });
  }

  /** Hands out no token before `atMs` (ms since the epoch); then one, then the steady rate. */
  pauseUntil(atMs: number): void {
    this.refill();
    if (atMs <= this.clock.now() || atMs <= this.updatedAtMs) return;
    this.tokens = Math.min(1, this.capacity);
    this.updatedAtMs = atMs;
    this.reschedule();
  }

  /** Aligns the bucket with the server's view: fewer tokens if fewer remain, a pause until reset when none do. */
  updateFromHeaders(headers: RateLimitHeaders): void {
    this.refill();
    if (headers.limit !== undefined && headers.limit >= 1) {
      this.capacity = Math.min(this.burst, headers.limit);
      this.tokens = Math.min(this.tokens, this.capacity);
    }
    if (headers.remaining !== undefined && headers.remaining >= 0) this.tokens = Math.min(this.tokens, headers.remaining);
    if (headers.remaining !== undefined && headers.remaining < 1 && headers.resetAtMs !== undefined) {
      this.pauseUntil(headers.resetAtMs);
      return;
    }
    this.reschedule();
  }

  private refill(): void {
    const now = this.clock.now();
    if (now <= this.updatedAtMs) return;
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.updatedAtMs) * this.rate) / 1000);
    this.updatedAtMs = now;
  }

  private take(): boolean {
    this.refill();
    if (this.clock.now() < this.updatedAtMs || this.tokens < 1 - EPSILON) return false;
    this.tokens = Math.max(0, this.tokens - 1);
    return true;
  }

  private msUntilToken(): number {
    this.refill();
    const readyAt = this.updatedAtMs + (Math.max(0, 1 - this.tokens) * 1000) / this.rate;
    return Math.max(0, Math.ceil(readyAt - this.clock.now() - EPSILON));
  }

  private schedule(): void {
    if (this.timer !== undefined || this.queue.length === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.drain();
    }, this.msUntilToken());
  }

  private reschedule(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.drain();
  }

  private drain(): void {
    while (this.queue.length > 0 && this.take()) {
      const waiter = this.queue.shift() as Waiter;
      if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.resolve();
    }
    this.schedule();
  }

  private leave(waiter: Waiter): void {
    const index = this.queue.indexOf(waiter);
    if (index >= 0) this.queue.splice(index, 1);
    waiter.reject(new AbortedError('Stopped waiting for a rate-limit token: the call was aborted', { cause: waiter.signal?.reason }));
    if (this.queue.length === 0 && this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }
}
