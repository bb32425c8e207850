import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { ConfigError, suggest } from '@sqlflow/core';
import { parseDocument } from 'yaml';
import type { VariableValue } from '../language/resolved';
import type { EngineSettings, LogLevel, Profile, ProfileConnection, StateSettings } from './profile';
import { substituteEnv } from './profile-env';

/** Where a profile comes from and what it may read. */
export interface LoadProfileOptions {
  /** The project directory, holding `profiles/`. */
  readonly projectDir: string;
  /** The profile name (default `dev`): reads `profiles/<name>.yml` (or `.yaml`). */
  readonly name?: string;
  /** The environment for `${env.NAME}` references. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const TOP_KEYS = ['engine', 'engines', 'variables', 'connections', 'connectors', 'log_level', 'state'];
const IGNORED_LEGACY_KEYS = ['log_file', 'logging', 'performance', 'testing', 'paths'];
const LOG_LEVELS: Readonly<Record<string, LogLevel>> = { debug: 'debug', info: 'info', warn: 'warn', warning: 'warn', error: 'error' };

type Issue = { key: string; message: string };
type Plain = Record<string, unknown>;

function isPlain(v: unknown): v is Plain {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Loads `profiles/<name>.yml` of a project: the DuckDB database (`engine.path`, or the legacy
 * `engines.duckdb.mode/path`), variables, named connections, log level and state store, with
 * `${env.NAME}` substituted from `env`. Every problem is reported at once in one `ConfigError`
 * naming the file and the key; the first key at fault is its `parameter`.
 *
 * @example
 * const profile = loadProfile({ projectDir: '.', name: 'prod', env: process.env });
 */
export function loadProfile(options: LoadProfileOptions): Profile & { readonly warnings: readonly string[] } {
  const name = options.name ?? 'dev';
  const dir = join(options.projectDir, 'profiles');
  const candidates = [join(dir, `${name}.yml`), join(dir, `${name}.yaml`)];
  const file = candidates.find((f) => existsSync(f));
  if (!file) {
    const available = existsSync(dir) ? readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => f.replace(/\.ya?ml$/, '')) : [];
    const hint = suggest(name, available);
    throw new ConfigError(
      `profile "${name}" not found: ${candidates[0]} does not exist${hint ? `; did you mean "${hint}"?` : ''} (available: ${available.join(', ') || 'none'})`,
      { parameter: 'profile' },
    );
  }
  return parseProfile(readFileSync(file, 'utf8'), { file, name, projectDir: options.projectDir, env: options.env ?? {} });
}

/** {@link loadProfile} for profile text already read. */
export function parseProfile(
  text: string,
  where: { file: string; name: string; projectDir: string; env: Readonly<Record<string, string | undefined>> },
): Profile & { readonly warnings: readonly string[] } {
  const { file } = where;
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const pos = e.linePos?.[0];
    throw new ConfigError(`${file}${pos ? `:${pos.line}:${pos.col}` : ''}: invalid YAML: ${e.message.split('\n')[0]}`, { cause: e, parameter: 'profile' });
  }
  const raw: unknown = doc.toJS() ?? {};
  const issues: Issue[] = [];
  const warnings: string[] = [];
  const secrets: string[] = [];
  if (!isPlain(raw)) throw new ConfigError(`${file}: a profile must be a YAML mapping of settings (engine, variables, connections, log_level, state)`, { parameter: 'profile' });

  const env = (value: unknown, key: string): unknown => {
    if (typeof value === 'string') {
      const r = substituteEnv(value, where.env);
      secrets.push(...r.secrets);
      for (const m of r.missing) issues.push({ key, message: `environment variable ${m} is not set; set it, or give a default: \${env.${m}|value}` });
      return r.value;
    }
    if (Array.isArray(value)) return value.map((v, i) => env(v, `${key}[${i}]`));
    if (isPlain(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, env(v, `${key}.${k}`)]));
    return value;
  };
  const data = env(raw, '') as Plain;

  for (const key of Object.keys(data)) {
    if (TOP_KEYS.includes(key)) continue;
    if (IGNORED_LEGACY_KEYS.includes(key)) warnings.push(`${file}: \`${key}\` is not used by this version of SQLFlow and is ignored`);
    else if (isPlain(data[key]) && Object.keys(data).length === 1) {
      issues.push({ key, message: `nested profiles (\`${key}:\` at the top) are not supported; move its settings to the top level of the file` });
    } else {
      const hint = suggest(key, TOP_KEYS);
      issues.push({ key, message: `unknown setting${hint ? `; did you mean \`${hint}\`?` : `; valid settings are: ${TOP_KEYS.join(', ')}`}` });
    }
  }

  const profile: Profile = {
    name: where.name,
    file,
    engine: engineSettings(data, where.projectDir, issues),
    variables: variables(data['variables'], issues),
    connections: connections(data, issues),
    logLevel: logLevel(data['log_level'], issues),
    state: stateSettings(data['state'], issues),
    secrets: [...new Set(secrets)],
  };
  if (issues.length > 0) {
    const lines = issues.map((i) => `\`${i.key.replace(/^\./, '')}\`: ${i.message}`);
    const message = lines.length === 1 ? `${file}: ${lines[0]}` : `${file}: ${lines.length} problems:\n${lines.map((l) => `  - ${l}`).join('\n')}`;
    throw new ConfigError(message, { parameter: issues[0]!.key.replace(/^\./, ''), details: { file, issues } });
  }
  return { ...profile, warnings };
}

function engineSettings(data: Plain, projectDir: string, issues: Issue[]): EngineSettings {
  const at = (p: string): string => (p === ':memory:' || isAbsolute(p) ? p : resolve(projectDir, p));
  const extras = (e: Plain, key: string): Pick<EngineSettings, 'memoryLimit' | 'threads'> => {
    const memoryLimit = e['memory_limit'];
    const threads = e['threads'];
    if (memoryLimit !== undefined && typeof memoryLimit !== 'string') issues.push({ key: `${key}.memory_limit`, message: 'must be a size such as 2GB' });
    if (threads !== undefined && (typeof threads !== 'number' || !Number.isInteger(threads) || threads < 1)) issues.push({ key: `${key}.threads`, message: 'must be a positive integer' });
    return { memoryLimit: typeof memoryLimit === 'string' ? memoryLimit : undefined, threads: typeof threads === 'number' ? threads : undefined };
  };
  const engine = data['engine'];
  if (engine !== undefined) {
    if (!isPlain(engine)) {
      issues.push({ key: 'engine', message: 'must be a mapping such as { path: "data/dev.duckdb" }' });
      return { path: ':memory:', memoryLimit: undefined, threads: undefined };
    }
    const path = engine['path'] ?? ':memory:';
    if (typeof path !== 'string' || path === '') issues.push({ key: 'engine.path', message: 'must be a file path or ":memory:"' });
    for (const k of Object.keys(engine)) if (!['path', 'memory_limit', 'threads'].includes(k)) issues.push({ key: `engine.${k}`, message: 'unknown setting; valid settings are: path, memory_limit, threads' });
    return { path: at(typeof path === 'string' && path ? path : ':memory:'), ...extras(engine, 'engine') };
  }
  const legacy = data['engines'];
  if (legacy !== undefined) {
    const duck = isPlain(legacy) ? legacy['duckdb'] : undefined;
    if (!isPlain(duck)) {
      issues.push({ key: 'engines.duckdb', message: 'must be a mapping with `mode` (memory or persistent) and `path`' });
      return { path: ':memory:', memoryLimit: undefined, threads: undefined };
    }
    const mode = duck['mode'] ?? (duck['path'] ? 'persistent' : 'memory');
    const path = duck['path'];
    if (mode === 'persistent') {
      if (typeof path !== 'string' || path === '') issues.push({ key: 'engines.duckdb.path', message: 'is required when mode is persistent' });
      return { path: at(typeof path === 'string' && path ? path : ':memory:'), ...extras(duck, 'engines.duckdb') };
    }
    if (mode !== 'memory') issues.push({ key: 'engines.duckdb.mode', message: `must be \`memory\` or \`persistent\`, not \`${String(mode)}\`` });
    return { path: ':memory:', ...extras(duck, 'engines.duckdb') };
  }
  return { path: ':memory:', memoryLimit: undefined, threads: undefined };
}

function variables(value: unknown, issues: Issue[]): Record<string, VariableValue> {
  if (value === undefined || value === null) return {};
  if (!isPlain(value)) {
    issues.push({ key: 'variables', message: 'must be a mapping of names to values' });
    return {};
  }
  const out: Record<string, VariableValue> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
    else if (v instanceof Date) out[k] = v.toISOString().slice(0, 10);
    else issues.push({ key: `variables.${k}`, message: 'must be a string, number or boolean' });
  }
  return out;
}

function connections(data: Plain, issues: Issue[]): Record<string, ProfileConnection> {
  const key = data['connections'] !== undefined ? 'connections' : 'connectors';
  const value = data[key];
  if (value === undefined || value === null) return {};
  if (!isPlain(value)) {
    issues.push({ key, message: 'must be a mapping of connection names to { type, params }' });
    return {};
  }
  const out: Record<string, ProfileConnection> = {};
  for (const [name, c] of Object.entries(value)) {
    if (!isPlain(c)) {
      issues.push({ key: `${key}.${name}`, message: 'must be a mapping with `type` and `params`' });
      continue;
    }
    const { type, params, ...flat } = c;
    if (typeof type !== 'string' || type === '') {
      issues.push({ key: `${key}.${name}.type`, message: 'is required: the connector type, such as postgres' });
      continue;
    }
    if (params !== undefined && !isPlain(params)) {
      issues.push({ key: `${key}.${name}.params`, message: 'must be a mapping of connector parameters' });
      continue;
    }
    out[name] = { type: type.toLowerCase(), params: { ...flat, ...(params ?? {}) } };
  }
  return out;
}

function logLevel(value: unknown, issues: Issue[]): LogLevel {
  if (value === undefined || value === null) return 'info';
  const level = typeof value === 'string' ? LOG_LEVELS[value.toLowerCase()] : undefined;
  if (!level) issues.push({ key: 'log_level', message: `must be one of debug, info, warn, error; got \`${String(value)}\`` });
  return level ?? 'info';
}

function stateSettings(value: unknown, issues: Issue[]): StateSettings {
  const defaults: StateSettings = { store: 'duckdb', url: undefined, schema: 'sqlflow' };
  if (value === undefined || value === null) return defaults;
  if (!isPlain(value)) {
    issues.push({ key: 'state', message: 'must be a mapping such as { store: postgres, url: "postgres://..." }' });
    return defaults;
  }
  for (const k of Object.keys(value)) if (!['store', 'url', 'schema'].includes(k)) issues.push({ key: `state.${k}`, message: 'unknown setting; valid settings are: store, url, schema' });
  const store = value['store'] ?? 'duckdb';
  if (store !== 'duckdb' && store !== 'postgres') issues.push({ key: 'state.store', message: `must be \`duckdb\` or \`postgres\`, not \`${String(store)}\`` });
  const url = value['url'];
  if (url !== undefined && typeof url !== 'string') issues.push({ key: 'state.url', message: 'must be a PostgreSQL URL' });
  if (store === 'postgres' && typeof url !== 'string') issues.push({ key: 'state.url', message: 'is required when store is postgres (for example "${env.SQLFLOW_STATE_URL}")' });
  const schema = value['schema'] ?? 'sqlflow';
  if (typeof schema !== 'string' || !/^[A-Za-z_][\w]*$/.test(schema)) issues.push({ key: 'state.schema', message: 'must be a plain SQL identifier' });
  return { store: store === 'postgres' ? 'postgres' : 'duckdb', url: typeof url === 'string' ? url : undefined, schema: typeof schema === 'string' ? schema : 'sqlflow' };
}
