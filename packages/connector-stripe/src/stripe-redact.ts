import { createRedactor } from '@sqlflow/core';

/** Anything shaped like a Stripe secret or restricted key (or a webhook signing secret). */
const KEY_PATTERN = /\b(sk|rk|whsec)_(?:(test|live)_)?[A-Za-z0-9]{6,}/g;

/**
 * A redactor for Stripe text: removes the given secrets by value and, in addition, anything
 * shaped like a Stripe key (`sk_live_...`, `rk_test_...`, `whsec_...`), so a key echoed by a
 * proxy or a different key in an error body never reaches logs, errors or traces.
 *
 * @example stripeRedactor([key])('Invalid API Key provided: sk_test_abc123def') // 'Invalid API Key provided: sk_test_********'
 */
export function stripeRedactor(secrets: Iterable<string>): (text: string) => string {
  const byValue = createRedactor(secrets);
  return (text) => byValue(text).replace(KEY_PATTERN, (_m, kind: string, mode?: string) => `${kind}_${mode ? `${mode}_` : ''}********`);
}
