import { createHmac, timingSafeEqual } from 'node:crypto';
import { AuthError, DataError } from '@sqlflow/core';

/** Stripe's default tolerance between the signature's timestamp and now. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** Options of {@link verifyStripeSignature}. */
export interface VerifyOptions {
  /** Largest age of the signature's timestamp, in seconds (default 300). */
  readonly toleranceSeconds?: number;
  /** "Now" in milliseconds (default `Date.now()`). */
  readonly nowMs?: number;
}

/** A verified Stripe event (the fields this package reads; the rest is kept). */
export type VerifiedStripeEvent = { readonly id: string; readonly type: string; readonly created: number } & Readonly<Record<string, unknown>>;

/**
 * Verifies a `Stripe-Signature` header over the raw request body and returns the parsed event:
 * HMAC-SHA256 of `"<t>.<raw body>"` with the endpoint secret (`whsec_...`), compared in constant
 * time with every `v1` signature (other schemes, `v0` included, are ignored); the timestamp must
 * be at most `toleranceSeconds` old and not in the future. Throws `AuthError` when the
 * signature does not verify, `DataError` when the body is not an event.
 *
 * @example const event = verifyStripeSignature(rawBody, req.headers['stripe-signature'], secret);
 */
export function verifyStripeSignature(rawBody: string | Buffer, header: string | undefined, secret: string, options: VerifyOptions = {}): VerifiedStripeEvent {
  if (!header) throw new AuthError('webhook request has no Stripe-Signature header; only requests signed by Stripe are accepted');
  let timestamp: number | undefined;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't' && /^\d+$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) signatures.push(Buffer.from(value, 'hex'));
  }
  if (timestamp === undefined) throw new AuthError('Stripe-Signature has no timestamp (t=...)');
  if (signatures.length === 0) throw new AuthError('Stripe-Signature has no v1 signature (only the v1 scheme is accepted)');
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
  const expected = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();
  if (!signatures.some((s) => s.length === expected.length && timingSafeEqual(s, expected))) {
    throw new AuthError('Stripe-Signature does not match the body: check the endpoint signing secret (whsec_...) and that the raw body is verified before any parsing');
  }
  const now = Math.floor((options.nowMs ?? Date.now()) / 1000);
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (timestamp > now) throw new AuthError(`Stripe-Signature timestamp ${timestamp} is in the future (now ${now}); check this machine's clock`);
  if (now - timestamp > tolerance) throw new AuthError(`Stripe-Signature timestamp is ${now - timestamp}s old, beyond the ${tolerance}s tolerance (a replayed or delayed request)`);
  let event: unknown;
  try {
    event = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new DataError('webhook body is signed but is not JSON', { cause: error });
  }
  const e = event as Partial<VerifiedStripeEvent>;
  if (typeof e.id !== 'string' || typeof e.type !== 'string' || typeof e.created !== 'number') throw new DataError('webhook body is not a Stripe event (id, type, created)');
  return e as VerifiedStripeEvent;
}

/** Signs a payload as Stripe does (for tests and local replays). */
export function signStripePayload(rawBody: string, secret: string, timestampSeconds: number): string {
  return `t=${timestampSeconds},v1=${createHmac('sha256', secret).update(`${timestampSeconds}.${rawBody}`).digest('hex')}`;
}
