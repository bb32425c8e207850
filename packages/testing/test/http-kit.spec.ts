import {
  cursorPage, decodeCursor, encodeCursor, HttpRouter, injectFaults, linkHeader, manualClock, offsetPage, rateLimit, seededRandom, startHttpTestServer,
} from '@sqlflow/testing';

describe('HTTP test kit', () => {
  it('routes by method and path pattern, logs requests and answers 404 otherwise', async () => {
    const router = new HttpRouter().get('/items/:id', (r) => ({ body: { id: r.params.id, q: r.query.get('q') } })).post('/items', (r) => ({ status: 201, body: JSON.parse(r.body) }));
    await using server = await startHttpTestServer({ handler: router.handler });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(`${server.url}/items/a%20b?q=1`)).json()).toEqual({ id: 'a b', q: '1' });
    const created = await fetch(`${server.url}/items`, { method: 'POST', body: '{"x":1}' });
    expect(created.status).toBe(201);
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    expect(server.log.entries.map((e) => [e.method, e.path, e.status])).toEqual([['GET', '/items/a b'.replace(' ', '%20'), 200], ['POST', '/items', 201], ['GET', '/nope', 404]]);
  });

  it('cuts cursor, offset and link pages', () => {
    const items = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id }));
    expect(cursorPage(items, { limit: 2, key: (i) => i.id })).toEqual({ items: [{ id: 'a' }, { id: 'b' }], hasMore: true });
    expect(cursorPage(items, { limit: 2, after: 'c', key: (i) => i.id })).toEqual({ items: [{ id: 'd' }, { id: 'e' }], hasMore: false });
    expect(cursorPage(items, { limit: 2, before: 'c', key: (i) => i.id })).toEqual({ items: [{ id: 'a' }, { id: 'b' }], hasMore: false });
    expect(cursorPage(items, { limit: 2, after: 'zz', key: (i) => i.id })).toBeUndefined();
    expect(offsetPage(items, 4, 2)).toEqual({ items: [{ id: 'e' }], hasMore: false });
    expect(linkHeader('http://h/x', { next: { page_info: 'p2' } })).toBe('<http://h/x?page_info=p2>; rel="next"');
    expect(decodeCursor(encodeCursor({ at: 3 }))).toEqual({ at: 3 });
    expect(decodeCursor('%%%')).toBeUndefined();
  });

  it('rate-limits per key with the API headers and logs who answered', async () => {
    const clock = manualClock(1_000_000);
    const limiter = rateLimit({
      key: (r) => String(r.headers['x-key']), ratePerSecond: 2, burst: 2, clock,
      headers: (s) => ({ 'x-ratelimit-remaining': String(s.remaining) }),
    });
    await using server = await startHttpTestServer({ handler: () => ({ body: {} }), middleware: [limiter], clock });
    const get = (key: string): Promise<Response> => fetch(server.url, { headers: { 'x-key': key } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await get('a')).status);
    expect(statuses).toEqual([200, 200, 429]);
    expect((await get('b')).status).toBe(200); // another key has its own budget
    clock.advance(500);
    const again = await get('a');
    expect(again.status).toBe(200);
    expect(again.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(server.log.count((e) => e.answeredBy === 'rate-limit')).toBe(1);
  });

  it('injects seeded faults: status, malformed bodies, resets, and bursts', async () => {
    const faults = injectFaults({ seed: 3, rate: 0.5, faults: [{ kind: 'status', status: 503 }, { kind: 'malformed' }, { kind: 'reset' }], burst: 2 });
    await using server = await startHttpTestServer({ handler: () => ({ body: { ok: true, pad: 'x'.repeat(50) } }), middleware: [faults] });
    const outcomes: string[] = [];
    for (let i = 0; i < 40; i++) {
      try {
        const res = await fetch(server.url);
        const text = await res.text();
        outcomes.push(res.status !== 200 ? String(res.status) : text.endsWith('}') ? 'ok' : 'malformed');
      } catch {
        outcomes.push('reset');
      }
    }
    expect(new Set(outcomes)).toEqual(new Set(['ok', '503', 'malformed', 'reset']));
    expect(faults.injected).toBe(outcomes.filter((o) => o !== 'ok').length);
    faults.setRate(0);
    expect((await fetch(server.url)).status).toBe(200);
  });

  it('hangs until the client gives up, and close() drops hanging connections', async () => {
    const server = await startHttpTestServer({ handler: () => ({ hang: true }) });
    await expect(fetch(server.url, { signal: AbortSignal.timeout(100) })).rejects.toThrow();
    await server.close();
    await server.close();
  });

  it('seeded random repeats for a seed', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const xs = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
