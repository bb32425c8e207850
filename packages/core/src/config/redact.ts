import { type ConnectorSpec, specProperties } from './connector-spec';

/** The text that replaces a secret. */
export const REDACTED = '********';

/** Names of the parameters a spec marks `x-secret`. */
export function secretParameters<T>(spec: ConnectorSpec<T>): string[] {
  return Object.entries(specProperties(spec))
    .filter(([, p]) => p['x-secret'] === true)
    .map(([name]) => name);
}

/** A copy of `config` with every secret parameter replaced by {@link REDACTED}. */
export function redactConfig<T>(spec: ConnectorSpec<T>, config: T): T {
  const out: Record<string, unknown> = { ...(config as Record<string, unknown>) };
  for (const name of secretParameters(spec)) {
    if (out[name] !== undefined && out[name] !== null) out[name] = REDACTED;
  }
  for (const [key, value] of Object.entries(out)) {
    if (typeof value === 'string') out[key] = redactUrlPasswords(value);
  }
  return out as T;
}

/** The secret values present in `config`, for scrubbing free text. */
export function secretValues<T>(spec: ConnectorSpec<T>, config: unknown): string[] {
  const c = (config ?? {}) as Record<string, unknown>;
  return secretParameters(spec)
    .map((name) => c[name])
    .filter((v): v is string => typeof v === 'string' && v.length > 0);
}

/** Replaces the password of any `scheme://user:password@host` URL in `text`. */
export function redactUrlPasswords(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)([^\s@/]+)@/gi, `$1${REDACTED}@`);
}

/**
 * A function that removes every given secret (and URL passwords) from a text. Secrets shorter
 * than 4 characters are ignored so that redaction does not shred ordinary words.
 */
export function createRedactor(secrets: Iterable<string>): (text: string) => string {
  const list = [...new Set(secrets)].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  return (text: string) => {
    let out = text;
    for (const s of list) out = out.split(s).join(REDACTED);
    return redactUrlPasswords(out);
  };
}
