import { readdir } from 'node:fs/promises';
import { setImmediate as tick } from 'node:timers/promises';
import { createContext, openConnector } from '@sqlflow/core';
import { csvConnector } from '@sqlflow/connector-csv';
import { rejection, tempDir } from './csv-fixtures';

let t: Awaited<ReturnType<typeof tempDir>>;
let path: string;
beforeEach(async () => {
  t = await tempDir();
  const lines = Array.from({ length: 50_000 }, (_, i) => `${i},name ${i},2024-01-01T00:00:00Z`);
  path = await t.file('big.csv', `id,name,at\n${lines.join('\n')}\n`);
});
afterEach(() => t.cleanup());

/** Open files of this process that point into the test directory (Linux /proc). */
async function openFiles(): Promise<number> {
  const { readlink } = await import('node:fs/promises');
  let n = 0;
  for (const fd of await readdir('/proc/self/fd')) {
    const target = await readlink(`/proc/self/fd/${fd}`).catch(() => '');
    if (target.startsWith(t.dir)) n++;
  }
  return n;
}

/** Waits (a bounded number of event-loop turns) for closes to complete. */
async function settledOpenFiles(): Promise<number> {
  for (let i = 0; i < 100; i++) {
    if ((await openFiles()) === 0) return 0;
    await tick();
  }
  return openFiles();
}

describe('CSV source: abort and early exit', () => {
  it('an aborted read throws AbortedError and closes the file', async () => {
    await using s = await openConnector(csvConnector, { path, batch_size: 500 }, createContext());
    const controller = new AbortController();
    let batches = 0;
    const e = await rejection(
      (async () => {
        for await (const _ of s.read!({ stream: 'big', syncMode: 'full_refresh', signal: controller.signal })) {
          void _;
          if (++batches === 2) {
            expect(await openFiles()).toBe(1);
            controller.abort(new Error('user cancelled'));
          }
        }
      })(),
    );
    expect(e.code).toBe('ABORTED');
    expect(batches).toBe(2);
    expect(await settledOpenFiles()).toBe(0);
  });

  it('the context signal aborts too', async () => {
    const controller = new AbortController();
    await using s = await openConnector(csvConnector, { path, batch_size: 500 }, createContext({ signal: controller.signal }));
    const it = s.read!({ stream: 'big', syncMode: 'full_refresh' })[Symbol.asyncIterator]();
    await it.next();
    controller.abort();
    expect((await rejection(it.next())).code).toBe('ABORTED');
    expect(await settledOpenFiles()).toBe(0);
  });

  it('breaking out of the loop closes the file', async () => {
    await using s = await openConnector(csvConnector, { path, batch_size: 500 }, createContext());
    for await (const _ of s.read!({ stream: 'big', syncMode: 'full_refresh' })) {
      void _;
      break;
    }
    expect(await settledOpenFiles()).toBe(0);
  });
});
