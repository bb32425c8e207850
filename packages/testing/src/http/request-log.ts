/** One request the test server answered. */
export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly status: number;
  /** What answered: `handler`, or the name a middleware gave (`rate-limit`, `fault:500`, ...). */
  readonly answeredBy: string;
  /** Milliseconds since the epoch, by the server's clock. */
  readonly at: number;
  /** Selected request headers (never authorization). */
  readonly headers: Readonly<Record<string, string>>;
}

/** The requests a test server has answered, in order, with counting helpers. */
export class RequestLog {
  readonly entries: LoggedRequest[] = [];

  /** Records one request. */
  add(entry: LoggedRequest): void {
    this.entries.push(entry);
  }

  /** How many logged requests match `filter` (all of them without one). */
  count(filter?: (entry: LoggedRequest) => boolean): number {
    return filter ? this.entries.filter(filter).length : this.entries.length;
  }

  /** How many requests were answered with `status`. */
  countStatus(status: number): number {
    return this.count((e) => e.status === status);
  }

  /** Forgets everything logged so far. */
  clear(): void {
    this.entries.length = 0;
  }
}

/** The header a middleware sets on its response to say that it answered (kept out of the wire response). */
export const ANSWERED_BY_HEADER = 'x-test-answered-by';
