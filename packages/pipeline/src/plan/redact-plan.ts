import { createRedactor } from '@sqlflow/core';

/**
 * A deep copy of a JSON-like value (a plan, a resolved pipeline's statements) with every
 * secret removed from its strings, for `sqlflow compile` output and logs.
 *
 * @example console.log(JSON.stringify(redactSecrets(plan, pipeline.secrets), null, 2));
 */
export function redactSecrets<T>(value: T, secrets: Iterable<string>): T {
  const redact = createRedactor(secrets);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redact(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, walk(x)]));
    if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}
