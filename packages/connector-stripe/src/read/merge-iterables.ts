/**
 * Runs up to `concurrency` async iterables at once and yields their items as they arrive,
 * starting the next source when one ends. Breaking out closes every running source.
 */
export async function* mergeIterables<T>(sources: Iterable<AsyncIterable<T>>, concurrency: number): AsyncGenerator<T, void, undefined> {
  const pending = sources[Symbol.iterator]();
  const running = new Map<number, { iterator: AsyncIterator<T>; next: Promise<{ id: number; result: IteratorResult<T> }> }>();
  let ids = 0;
  const start = (): boolean => {
    const step = pending.next();
    if (step.done) return false;
    const id = ids++;
    const iterator = step.value[Symbol.asyncIterator]();
    running.set(id, { iterator, next: iterator.next().then((result) => ({ id, result })) });
    return true;
  };
  try {
    while (running.size < Math.max(1, concurrency) && start());
    while (running.size > 0) {
      const { id, result } = await Promise.race([...running.values()].map((r) => r.next));
      const entry = running.get(id)!;
      if (result.done) {
        running.delete(id);
        start();
        continue;
      }
      entry.next = entry.iterator.next().then((r) => ({ id, result: r }));
      yield result.value;
    }
  } finally {
    const open = [...running.values()];
    running.clear();
    // Let in-flight pages settle (their errors no longer matter), then close the sources.
    await Promise.allSettled(open.map(async (r) => {
      await r.next.catch(() => undefined);
      await r.iterator.return?.();
    }));
  }
}
