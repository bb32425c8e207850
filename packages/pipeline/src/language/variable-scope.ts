import { suggest } from '@sqlflow/core';
import type { VariableReference } from './ast';
import type { VariableValue } from './resolved';

/** Why a variable could not be resolved. */
export interface UnresolvedVariable {
  readonly ref: VariableReference;
  readonly message: string;
}

/**
 * Pipeline variables with their precedence: command line over profile over SET over the
 * reference's own default. `${env.NAME}` reads the environment map given by the caller, and
 * each value read from it is remembered as a secret.
 */
export class VariableScope {
  private readonly assigned = new Map<string, VariableValue>();
  private readonly secretValues = new Set<string>();

  constructor(
    private readonly commandLine: Readonly<Record<string, VariableValue>>,
    private readonly profile: Readonly<Record<string, VariableValue>>,
    private readonly env: Readonly<Record<string, string | undefined>>,
  ) {}

  /** Applies `SET name = value`; ignored when the command line or the profile sets `name`. */
  set(name: string, value: VariableValue): void {
    if (this.overridden(name)) return;
    this.assigned.set(name, value);
  }

  /** True when the command line or the profile fixes `name`, so SET has no effect. */
  overridden(name: string): boolean {
    return Object.hasOwn(this.commandLine, name) || Object.hasOwn(this.profile, name);
  }

  /** The value of a reference, or why it has none. */
  lookup(ref: VariableReference): { value: VariableValue } | UnresolvedVariable {
    if (ref.name.startsWith('env.')) {
      const key = ref.name.slice(4);
      const v = Object.hasOwn(this.env, key) ? this.env[key] : undefined;
      if (v !== undefined) {
        this.secretValues.add(v);
        return { value: v };
      }
      if (ref.defaultValue !== undefined) return { value: ref.defaultValue };
      return { ref, message: `environment variable ${key} is not set; set it, or give a default: \${env.${key}|value}` };
    }
    const v = this.get(ref.name);
    if (v !== undefined) return { value: v };
    if (ref.defaultValue !== undefined) return { value: ref.defaultValue };
    const hint = suggest(ref.name, Object.keys(this.all()));
    const tail = hint ? `; did you mean \${${hint}}?` : '';
    return { ref, message: `undefined variable \${${ref.name}}: define it with SET, in the profile's variables or on the command line (--vars ${ref.name}=...), or give a default \${${ref.name}|value}${tail}` };
  }

  /** The value of `name` by precedence, if any. */
  get(name: string): VariableValue | undefined {
    if (Object.hasOwn(this.commandLine, name)) return this.commandLine[name];
    if (Object.hasOwn(this.profile, name)) return this.profile[name];
    return this.assigned.get(name);
  }

  /** Every variable's value by precedence. */
  all(): Record<string, VariableValue> {
    return { ...Object.fromEntries(this.assigned), ...this.profile, ...this.commandLine };
  }

  /** The environment values substituted so far. */
  secrets(): string[] {
    return [...this.secretValues];
  }
}
