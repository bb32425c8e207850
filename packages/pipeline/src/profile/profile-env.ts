/** The outcome of substituting `${env.X}` references in one profile value. */
export interface EnvSubstitution {
  readonly value: string;
  /** Environment values that went into it. */
  readonly secrets: readonly string[];
  /** Names referenced but unset (and without default). */
  readonly missing: readonly string[];
}

const REFERENCE = /\$\{\s*([A-Za-z_][\w.]*)\s*(?:\|([^}]*))?\}/g;

/**
 * Substitutes `${env.NAME}`, `${env.NAME|default}` and the legacy `${NAME}` (also the
 * environment) in a profile string, from the map the caller passes.
 */
export function substituteEnv(text: string, env: Readonly<Record<string, string | undefined>>): EnvSubstitution {
  const secrets: string[] = [];
  const missing: string[] = [];
  const value = text.replace(REFERENCE, (whole, rawName: string, fallback: string | undefined) => {
    const name = rawName.startsWith('env.') ? rawName.slice(4) : rawName;
    const v = Object.hasOwn(env, name) ? env[name] : undefined;
    if (v !== undefined) {
      secrets.push(v);
      return v;
    }
    if (fallback !== undefined) return fallback.trim();
    missing.push(name);
    return whole;
  });
  return { value, secrets, missing };
}
