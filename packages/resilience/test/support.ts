// Shared by the policy tests: a frozen clock at T0 and the error an HTTP client would throw.

/** The fake clock's start. */
export const T0 = Date.parse('2024-05-01T12:00:00Z');

/** Runs every test of the calling file on Jest's fake timers, starting at {@link T0}. */
export function useFakeClock(): void {
  beforeEach(() => {
    jest.useFakeTimers();
    jest.setSystemTime(T0);
  });
  afterEach(() => jest.useRealTimers());
}

/** An error shaped like an HTTP client's: `status` and response `headers`. */
export const http = (status: number, headers: Record<string, string> = {}): Error =>
  Object.assign(new Error(`HTTP ${status}`), { status, headers: new Headers(headers) });
