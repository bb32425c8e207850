import type { Readable } from 'node:stream';

/** Bytes queued before the stream is paused (the driver then pauses the socket). */
const QUEUE_BYTES = 1 << 20;

/**
 * The chunks of a byte stream, as they were pushed, in groups. Unlike `for await` over the
 * stream (whose `read()` concatenates everything buffered into one new Buffer), this hands over
 * the driver's own CopyData slices without copying them. At most ~1 MiB is queued: past that
 * the stream is paused until the consumer takes the queue. Ends when the stream ends or closes;
 * throws the stream's error.
 */
export async function* streamChunks(stream: Readable): AsyncGenerator<Buffer[]> {
  let queue: Buffer[] = [];
  let queued = 0;
  let ended = false;
  let failed = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const onData = (chunk: Buffer): void => {
    queue.push(chunk);
    queued += chunk.length;
    if (queued >= QUEUE_BYTES) stream.pause();
    notify();
  };
  const onEnd = (): void => {
    ended = true;
    notify();
  };
  const onError = (error: unknown): void => {
    failed = true;
    failure = error;
    notify();
  };
  stream.on('data', onData);
  stream.on('end', onEnd);
  stream.on('close', onEnd);
  stream.on('error', onError);
  try {
    for (;;) {
      if (queue.length > 0) {
        const chunks = queue;
        queue = [];
        queued = 0;
        if (stream.isPaused() && !ended) stream.resume();
        yield chunks;
        continue;
      }
      if (failed) throw failure;
      if (ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    stream.off('data', onData);
    stream.off('end', onEnd);
    stream.off('close', onEnd);
    stream.off('error', onError);
  }
}
