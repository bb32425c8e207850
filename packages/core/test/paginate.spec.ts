import { AbortedError, type CallPolicy, nextLink, nextOffset, paginate } from '@sqlflow/core';

async function collect<T>(it: AsyncIterable<readonly T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of it) out.push(...page);
  return out;
}

const data = Array.from({ length: 23 }, (_, i) => i);

describe('paginate', () => {
  it('walks offset pages until a short page', async () => {
    const offsets: number[] = [];
    const items = await collect(
      paginate<number, number>({
        start: 0,
        fetchPage: async (offset = 0) => {
          offsets.push(offset);
          const items = data.slice(offset, offset + 10);
          return { items, next: nextOffset(offset, 10, items.length) };
        },
      }),
    );
    expect(items).toEqual(data);
    expect(offsets).toEqual([0, 10, 20]);
  });

  it('follows cursors and stops on a repeated cursor', async () => {
    const items = await collect(
      paginate<number, string>({
        fetchPage: async (cursor) => (cursor === undefined ? { items: [1, 2], next: 'c1' } : { items: [3], next: 'c1' }),
      }),
    );
    expect(items).toEqual([1, 2, 3]);
  });

  it('runs each page through the policy, so one page is retried alone', async () => {
    let calls = 0;
    const retryOnce: CallPolicy = {
      execute: async (fn, signal) => {
        try {
          return await fn({ signal: signal ?? new AbortController().signal, attempt: 0 });
        } catch {
          return fn({ signal: signal ?? new AbortController().signal, attempt: 1 });
        }
      },
    };
    const items = await collect(
      paginate<number, number>({
        policy: retryOnce,
        fetchPage: async (page = 0) => {
          calls++;
          if (calls === 2) throw new Error('flaky');
          return { items: [page], next: page < 2 ? page + 1 : undefined };
        },
      }),
    );
    expect(items).toEqual([0, 1, 2]);
    expect(calls).toBe(4);
  });

  it('stops when aborted', async () => {
    const ac = new AbortController();
    const it = paginate<number, number>({ signal: ac.signal, fetchPage: async (p = 0) => ({ items: [p], next: p + 1 }) });
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const page of it) {
          seen.push(...page);
          if (seen.length === 3) ac.abort();
        }
      })(),
    ).rejects.toBeInstanceOf(AbortedError);
    expect(seen).toEqual([0, 1, 2]);
  });

  it('parses RFC 8288 link headers', () => {
    expect(nextLink('<https://a/x?page=2>; rel="next", <https://a/x?page=5>; rel="last"')).toBe('https://a/x?page=2');
    expect(nextLink('<https://a/x?page=1>; rel="prev"')).toBeUndefined();
    expect(nextLink('<https://s/p?page_info=abc>; rel=next')).toBe('https://s/p?page_info=abc');
    expect(nextLink(null)).toBeUndefined();
  });
});
