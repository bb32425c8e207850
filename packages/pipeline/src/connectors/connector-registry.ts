import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type ConnectorDefinition, ConfigError, suggest } from '@sqlflow/core';

/** A connector definition of any configuration type. */
// The configuration type is erased here: the registry hands definitions to `openConnector`,
// which validates parameters against each definition's own spec.
export type AnyConnectorDefinition = ConnectorDefinition<never>;

function looksLikeDefinition(value: unknown): value is AnyConnectorDefinition {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<Record<keyof AnyConnectorDefinition, unknown>>;
  return typeof v.name === 'string' && typeof v.open === 'function' && typeof v.spec === 'object' && v.spec !== null;
}

/** Candidate npm package names for a connector type, in lookup order. */
export function pluginPackageNames(type: string): string[] {
  if (type.startsWith('@') || type.includes('sqlflow-connector-')) return [type];
  const t = type.toLowerCase();
  return [`@sqlflow/connector-${t}`, `sqlflow-connector-${t}`];
}

/**
 * Resolves `TYPE <name>` in pipelines to a connector definition: a registered (built-in)
 * connector first, then an installed package named `sqlflow-connector-<name>` or given in
 * full (`@acme/sqlflow-connector-foo`), looked up from the project directory.
 */
export class ConnectorRegistry {
  private readonly byName = new Map<string, AnyConnectorDefinition>();
  private readonly lazy = new Map<string, () => AnyConnectorDefinition>();

  constructor(definitions: Iterable<AnyConnectorDefinition> = []) {
    for (const d of definitions) this.register(d);
  }

  /** Adds (or replaces) a connector under its lower-cased name. */
  register(definition: AnyConnectorDefinition): this {
    this.byName.set(definition.name.toLowerCase(), definition);
    return this;
  }

  /**
   * Registers a connector that is loaded on first use, so that a program pays for a connector's
   * dependencies (an SDK, a driver) only when a pipeline uses it.
   */
  registerLazy(name: string, load: () => AnyConnectorDefinition): this {
    this.lazy.set(name.toLowerCase(), load);
    return this;
  }

  /** The registered connector names (loaded or not), sorted. */
  names(): string[] {
    return [...new Set([...this.byName.keys(), ...this.lazy.keys()])].sort();
  }

  /** Every registered definition (loading the lazy ones). */
  list(): AnyConnectorDefinition[] {
    return this.names().map((n) => this.get(n)!);
  }

  /** A registered connector (loading it if registered lazily), without looking for packages. */
  get(type: string): AnyConnectorDefinition | undefined {
    const key = type.toLowerCase();
    const known = this.byName.get(key);
    if (known) return known;
    const load = this.lazy.get(key);
    if (!load) return undefined;
    const definition = load();
    this.byName.set(key, definition);
    this.lazy.delete(key);
    return definition;
  }

  /**
   * A registered connector, or one loaded from an installed package (then registered).
   * Throws `ConfigError` with a "did you mean" when neither exists.
   */
  resolve(type: string, fromDir: string = '.'): AnyConnectorDefinition {
    const found = this.tryResolve(type, fromDir);
    if (found) return found;
    const hint = suggest(type, this.names());
    throw new ConfigError(
      `unknown connector type \`${type}\`${hint ? `; did you mean \`${hint}\`?` : ''} (built in: ${this.names().join(', ') || 'none'}; third-party connectors install as \`sqlflow-connector-${type.toLowerCase()}\`)`,
      { parameter: 'TYPE' },
    );
  }

  /**
   * Like {@link resolve}, but `undefined` when no connector of that type is registered or
   * installed. A package that exists but fails to load still throws, with the reason.
   */
  tryResolve(type: string, fromDir: string = '.'): AnyConnectorDefinition | undefined {
    const known = this.get(type);
    if (known) return known;
    const req = createRequire(join(fromDir, 'package.json'));
    for (const pkg of pluginPackageNames(type)) {
      let mod: unknown;
      try {
        mod = req(pkg);
      } catch (error) {
        if ((error as { code?: string }).code === 'MODULE_NOT_FOUND' && String((error as Error).message).includes(pkg)) continue;
        throw new ConfigError(`connector package \`${pkg}\` failed to load: ${(error as Error).message}`, { cause: error, parameter: 'TYPE' });
      }
      const definition = Object.values(mod as Record<string, unknown>).find(looksLikeDefinition) ?? (looksLikeDefinition(mod) ? mod : undefined);
      if (!definition) throw new ConfigError(`package \`${pkg}\` does not export a SQLFlow ConnectorDefinition (an object with name, spec and open)`, { parameter: 'TYPE' });
      this.register(definition);
      return definition;
    }
    return undefined;
  }
}
