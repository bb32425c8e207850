import { AuthError } from '@sqlflow/core';
import { serveStripeWebhooks, signStripePayload, verifyStripeSignature, webhookEventsSql } from '@sqlflow/connector-stripe';
import { Engine } from '@sqlflow/engine';

const SECRET = 'whsec_test_secret_0123456789';
const NOW = Date.parse('2025-05-01T12:00:00Z');
const T = NOW / 1000;
const body = JSON.stringify({ id: 'evt_1', object: 'event', type: 'charge.succeeded', created: T - 5, data: { object: { id: 'ch_1' } } });

describe('verifyStripeSignature', () => {
  it('accepts a valid v1 signature and returns the event', () => {
    expect(verifyStripeSignature(body, signStripePayload(body, SECRET, T - 10), SECRET, { nowMs: NOW }).id).toBe('evt_1');
    // Several v1 signatures (secret rotation): one match is enough; v0 is ignored.
    const header = `t=${T},v0=${'0'.repeat(64)},v1=${'a'.repeat(64)},${signStripePayload(body, SECRET, T).split(',')[1]}`;
    expect(verifyStripeSignature(body, header, SECRET, { nowMs: NOW }).type).toBe('charge.succeeded');
  });

  it.each([
    ['a tampered body', () => verifyStripeSignature(body.replace('ch_1', 'ch_2'), signStripePayload(body, SECRET, T), SECRET, { nowMs: NOW }), 'does not match'],
    ['a wrong secret', () => verifyStripeSignature(body, signStripePayload(body, 'whsec_other', T), SECRET, { nowMs: NOW }), 'does not match'],
    ['an old timestamp', () => verifyStripeSignature(body, signStripePayload(body, SECRET, T - 301), SECRET, { nowMs: NOW }), 'tolerance'],
    ['a future timestamp', () => verifyStripeSignature(body, signStripePayload(body, SECRET, T + 30), SECRET, { nowMs: NOW }), 'future'],
    ['only a v0 signature', () => verifyStripeSignature(body, `t=${T},v0=${signStripePayload(body, SECRET, T).split('v1=')[1]}`, SECRET, { nowMs: NOW }), 'no v1'],
    ['no header', () => verifyStripeSignature(body, undefined, SECRET, { nowMs: NOW }), 'no Stripe-Signature'],
  ])('rejects %s', (_name, call, text) => {
    expect(call).toThrow(AuthError);
    expect(call).toThrow(text);
  });
});

it('serves an endpoint that stores each verified event exactly once in DuckDB', async () => {
  await using engine = await Engine.open({ path: ':memory:' });
  const sql = webhookEventsSql();
  await engine.run(sql.create);
  await using server = await serveStripeWebhooks({
    port: 0, secret: SECRET, toleranceSeconds: 10 ** 9,
    onEvent: async (event, raw) => void (await engine.run(sql.insert, [event.id, event.type, event.created, null, raw])),
  });
  const post = (payload: string, signature: string): Promise<Response> => fetch(server.url, { method: 'POST', body: payload, headers: { 'stripe-signature': signature } });
  const now = Math.floor(Date.now() / 1000);
  const event2 = JSON.stringify({ id: 'evt_2', type: 'customer.created', created: now, data: { object: { id: 'cus_1' } } });
  expect((await post(body, signStripePayload(body, SECRET, now))).status).toBe(200);
  expect((await post(body, signStripePayload(body, SECRET, now))).status).toBe(200); // Stripe redelivers
  expect((await post(event2, signStripePayload(event2, SECRET, now))).status).toBe(200);
  expect((await post(event2, signStripePayload(event2, 'whsec_wrong', now))).status).toBe(400);
  const rows = await engine.query('SELECT id, type, json_extract_string(payload, \'$.data.object.id\') AS object FROM stripe_webhook_events ORDER BY id');
  expect(rows).toEqual([{ id: 'evt_1', type: 'charge.succeeded', object: 'ch_1' }, { id: 'evt_2', type: 'customer.created', object: 'cus_1' }]);
});
