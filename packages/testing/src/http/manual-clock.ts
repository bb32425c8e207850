import type { TestClock } from './http-types';

/** A clock that only moves when told to; share it between a fake API and the code under test. */
export interface ManualClock extends TestClock {
  /** Moves time forward by `ms`. */
  advance(ms: number): void;
  /** Sets the time. */
  set(ms: number): void;
}

/**
 * A clock starting at `startMs` (default: the current time, rounded down to the second).
 *
 * @example const clock = manualClock(Date.parse('2024-06-01T00:00:00Z')); clock.advance(3_600_000);
 */
export function manualClock(startMs: number = Math.floor(Date.now() / 1000) * 1000): ManualClock {
  let now = startMs;
  return {
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
    set: (ms) => {
      now = ms;
    },
  };
}
