/**
 * Runs up to `concurrency` async iterables at once, each buffering at most `buffer` items
 * ahead, and yields their items in source order: all of source 0, then all of source 1, ...
 * Ending early (break, throw, abort) stops every started source.
 */
export async function* orderedPrefetch<T>(sources: ReadonlyArray<() => AsyncIterable<T>>, concurrency: number, buffer = 2, cancel?: () => void): AsyncGenerator<{ item: T; source: number } | { end: number }> {
  const pumps: Pump<T>[] = [];
  let started = 0;
  const startMore = (upTo: number): void => {
    while (started < sources.length && started < upTo) pumps[started] = new Pump(sources[started++]!(), buffer);
  };
  try {
    for (let i = 0; i < sources.length; i++) {
      startMore(i + concurrency);
      const pump = pumps[i]!;
      for (;;) {
        const next = await pump.take();
        if (next.done) break;
        yield { item: next.value, source: i };
      }
      yield { end: i };
    }
  } finally {
    if (started > 0 && pumps.some((p) => p && !p.finished)) cancel?.();
    await Promise.all(pumps.map((p) => p?.stop()));
  }
}

class Pump<T> {
  private readonly queue: T[] = [];
  private done = false;
  private error: unknown;
  private failed = false;
  private stopped = false;
  private wakeConsumer: (() => void) | undefined;
  private wakeProducer: (() => void) | undefined;
  private readonly iterator: AsyncIterator<T>;
  private readonly running: Promise<void>;

  constructor(iterable: AsyncIterable<T>, private readonly buffer: number) {
    this.iterator = iterable[Symbol.asyncIterator]();
    this.running = this.run();
  }

  /** Whether the source has ended (or failed) and every item was taken. */
  get finished(): boolean {
    return this.done && this.queue.length === 0;
  }

  async take(): Promise<IteratorResult<T>> {
    for (;;) {
      if (this.queue.length > 0) {
        const value = this.queue.shift()!;
        this.wakeProducer?.();
        return { done: false, value };
      }
      if (this.failed) throw this.error;
      if (this.done) return { done: true, value: undefined };
      await new Promise<void>((resolve) => (this.wakeConsumer = resolve));
      this.wakeConsumer = undefined;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeProducer?.();
    await this.running;
  }

  private async run(): Promise<void> {
    try {
      for (;;) {
        while (this.queue.length >= this.buffer && !this.stopped) {
          await new Promise<void>((resolve) => (this.wakeProducer = resolve));
          this.wakeProducer = undefined;
        }
        if (this.stopped) {
          await this.iterator.return?.();
          break;
        }
        const next = await this.iterator.next();
        if (next.done) break;
        this.queue.push(next.value);
        this.wakeConsumer?.();
      }
    } catch (e) {
      this.error = e;
      this.failed = true;
    } finally {
      this.done = true;
      this.wakeConsumer?.();
    }
  }
}
