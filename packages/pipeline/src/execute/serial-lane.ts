/**
 * Runs tasks one at a time in arrival order: SQL and export steps share the engine's main
 * connection, and two interleaved transactions on one connection would merge.
 */
export class SerialLane {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `task` after every task queued before it has settled. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.tail.then(task, task);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
