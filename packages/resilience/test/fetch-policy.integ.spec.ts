import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TransientError } from '@sqlflow/core';
import { createPolicy, formatRetry, httpApiPreset, isTransient } from '@sqlflow/resilience';

/** The error an HTTP client would throw for a non-2xx response: status and headers on it. */
class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly headers: Headers,
  ) {
    super(`HTTP ${status}`);
  }
}

async function getJson(url: string, signal: AbortSignal): Promise<unknown> {
  const response = await fetch(url, { signal });
  if (!response.ok) {
    await response.body?.cancel();
    throw new HttpStatusError(response.status, response.headers);
  }
  return response.json();
}

function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` })),
  );
}

const close = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

describe('wrapping fetch against a local server', () => {
  it('rides out a 503 and a 429 with Retry-After, then returns the page', async () => {
    const replies = [
      { status: 503, headers: {} },
      { status: 429, headers: { 'Retry-After': '0' } },
      { status: 200, headers: { 'Content-Type': 'application/json' } },
    ];
    let requests = 0;
    const { server, url } = await listen((_req, res) => {
      const reply = replies[Math.min(requests++, replies.length - 1)];
      res.writeHead(reply.status, reply.headers);
      res.end(reply.status === 200 ? JSON.stringify({ data: [1, 2, 3] }) : 'busy');
    });
    try {
      const lines: string[] = [];
      const policy = createPolicy(httpApiPreset, { name: 'test API', random: () => 0, onRetry: (e) => lines.push(formatRetry(e)) });
      const page = await policy.execute(({ signal }) => getJson(url, signal));
      expect(page).toEqual({ data: [1, 2, 3] });
      expect(requests).toBe(3);
      expect(lines).toEqual(['retry 1/5 in 0ms after HTTP 503', 'retry 2/5 in 0ms (as the server asked) after HTTP 429']);
    } finally {
      await close(server);
    }
  });

  it('does not retry a 404', async () => {
    let requests = 0;
    const { server, url } = await listen((_req, res) => {
      requests++;
      res.writeHead(404).end();
    });
    try {
      await expect(createPolicy(httpApiPreset).execute(({ signal }) => getJson(url, signal))).rejects.toMatchObject({ status: 404 });
      expect(requests).toBe(1);
    } finally {
      await close(server);
    }
  });

  it('classifies a refused connection as transient and gives up after maxAttempts', async () => {
    const { server, url } = await listen(() => undefined);
    await close(server);
    let attempts = 0;
    const error: unknown = await createPolicy(httpApiPreset, { maxAttempts: 2, random: () => 0 })
      .execute(({ signal }) => (attempts++, getJson(url, signal)))
      .catch((e: unknown) => e);
    expect(isTransient(error)).toBe(true);
    expect(error).toMatchObject({ cause: { code: 'ECONNREFUSED' } });
    expect(attempts).toBe(2);
  });

  it('times out a hung response, aborting the fetch', async () => {
    let requests = 0;
    let closedByClient = 0;
    let bothClosed: () => void = () => undefined;
    const closed = new Promise<void>((resolve) => (bothClosed = resolve));
    const { server, url } = await listen((req) => {
      requests++;
      req.socket.on('close', () => ++closedByClient === 2 && bothClosed());
    });
    try {
      const policy = createPolicy({ maxAttempts: 2, random: () => 0, timeoutMs: 100 });
      await expect(policy.execute(({ signal }) => getJson(url, signal))).rejects.toBeInstanceOf(TransientError);
      expect(requests).toBe(2);
      await closed; // the aborted fetches closed their sockets
      expect(closedByClient).toBe(2);
    } finally {
      await close(server);
    }
  });
});
