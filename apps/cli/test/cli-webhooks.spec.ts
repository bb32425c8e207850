import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signStripePayload } from '@sqlflow/connector-stripe';
import { Engine } from '@sqlflow/engine';
import { CLI, runCli } from './run-cli';

// `sqlflow webhooks stripe` as a real process: signed deliveries over HTTP, rows in DuckDB.
const SECRET = 'whsec_test_cli_0123456789';

describe('sqlflow webhooks stripe', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sqlflow-webhooks-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stores each verified event once and refuses bad signatures', async () => {
    const database = join(dir, 'events.duckdb');
    const child = spawn(process.execPath, [CLI, 'webhooks', 'stripe', '--port', '0', '--database', database], {
      cwd: dir,
      env: { ...process.env, STRIPE_WEBHOOK_SECRET: SECRET },
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        const m = /listening on (http:\/\/\S+)/.exec(stdout);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    const now = Math.floor(Date.now() / 1000);
    const post = (body: string, signature: string): Promise<number> =>
      fetch(url, { method: 'POST', headers: { 'stripe-signature': signature, 'content-type': 'application/json' }, body }).then((r) => r.status);
    const event = (id: string, type: string): string => JSON.stringify({ id, object: 'event', type, created: now, data: { object: { id: `ch_${id}` } } });

    const a = event('evt_a', 'charge.succeeded');
    const b = event('evt_b', 'charge.refunded');
    expect(await post(a, signStripePayload(a, SECRET, now))).toBe(200);
    expect(await post(a, signStripePayload(a, SECRET, now))).toBe(200); // Stripe delivers at least once
    expect(await post(b, signStripePayload(b, SECRET, now))).toBe(200);
    expect(await post(b, signStripePayload(b, 'whsec_wrong_secret_000', now))).toBe(400);
    expect(await post(b, signStripePayload(b, SECRET, now + 3600))).toBe(400); // from the future
    expect(await post(b, signStripePayload(b, SECRET, now - 301))).toBe(400); // beyond the 300 s tolerance

    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(stdout + stderr).not.toContain(SECRET);

    const engine = await Engine.open({ path: database });
    try {
      const rows = await engine.query("SELECT id, type, json_extract_string(payload, '$.data.object.id') AS object FROM stripe_webhook_events ORDER BY id");
      expect(rows).toEqual([
        { id: 'evt_a', type: 'charge.succeeded', object: 'ch_evt_a' },
        { id: 'evt_b', type: 'charge.refunded', object: 'ch_evt_b' },
      ]);
    } finally {
      await engine.close();
    }
  });

  it('says where the signing secret must come from when it is missing', async () => {
    const env = { ...process.env } as Record<string, string>;
    delete env.STRIPE_WEBHOOK_SECRET;
    const r = await runCli(['webhooks', 'stripe', '--database', join(dir, 'x.duckdb'), '--secret-env', 'NO_SUCH_SECRET_VAR'], { cwd: dir, env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('NO_SUCH_SECRET_VAR');
  });
});
