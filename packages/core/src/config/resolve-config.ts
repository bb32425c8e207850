import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { ConfigError } from '../errors/error-classes';
import { type ConfigIssue, type ConnectorSpec, type PropertySchema, SQLFLOW_KEYWORDS, specProperties } from './connector-spec';
import { suggest } from './did-you-mean';
import { createRedactor, secretValues } from './redact';

/** A note for the user that does not stop the run (a legacy parameter name, say). */
export interface ConfigWarning {
  readonly parameter: string;
  readonly message: string;
}

/** A validated configuration with defaults applied, plus what the user should hear about. */
export interface ResolvedConfig<T> {
  readonly config: T;
  readonly warnings: readonly ConfigWarning[];
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/i;

function makeAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, useDefaults: true, coerceTypes: true, strict: true, allowUnionTypes: true });
  for (const keyword of SQLFLOW_KEYWORDS) ajv.addKeyword({ keyword });
  ajv.addFormat('date-time', { type: 'string', validate: (s: string) => ISO_DATE_TIME.test(s) && !Number.isNaN(Date.parse(s.replace(' ', 'T'))) });
  ajv.addFormat('uri', { type: 'string', validate: (s: string) => /^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(s) });
  return ajv;
}

const ajv = makeAjv();
const compiled = new WeakMap<object, ValidateFunction>();

function validatorFor(spec: ConnectorSpec<unknown>): ValidateFunction {
  let v = compiled.get(spec);
  if (!v) {
    v = ajv.compile(spec.schema as object);
    compiled.set(spec, v);
  }
  return v;
}

/** The map from each legacy alias to its standard parameter name. */
export function aliasMap(spec: ConnectorSpec<unknown>): Map<string, string> {
  const map = new Map<string, string>();
  for (const [name, prop] of Object.entries(specProperties(spec))) {
    for (const alias of prop['x-aliases'] ?? []) map.set(alias, name);
  }
  return map;
}

/**
 * Validates `input` against a connector's spec and returns the resolved configuration:
 * legacy aliases renamed (the standard name wins when both are given, with a warning naming
 * the legacy key), defaults filled in, types coerced where lossless ("5432" -> 5432), and
 * cross-field rules applied. Every problem is reported at once in one `ConfigError` whose
 * `parameter` is the first one at fault and whose message says how to fix it.
 *
 * @example
 * resolveConfig('csv', csvSpec, { path: 'a.csv', delimter: ';' });
 * // ConfigError: csv: unknown parameter `delimter`; did you mean `delimiter`?
 */
export function resolveConfig<T>(connector: string, spec: ConnectorSpec<T>, input: unknown): ResolvedConfig<T> {
  const s = spec as ConnectorSpec<unknown>;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ConfigError(`${connector}: the configuration must be a JSON object of parameters`, { connector });
  }
  const properties = specProperties(s);
  const aliases = aliasMap(s);
  const warnings: ConfigWarning[] = [];
  const issues: ConfigIssue[] = [];
  const config: Record<string, unknown> = {};

  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    if (key in properties) {
      config[key] = value;
    } else if (aliases.has(key)) {
      const standard = aliases.get(key)!;
      if (Object.prototype.hasOwnProperty.call(input, standard)) {
        warnings.push({ parameter: key, message: `both \`${standard}\` and its legacy name \`${key}\` are set; using \`${standard}\` and ignoring \`${key}\`` });
      } else {
        config[standard] = value;
        warnings.push({ parameter: key, message: `\`${key}\` is a legacy name; use \`${standard}\` instead` });
      }
    } else {
      const hint = suggest(key, [...Object.keys(properties), ...aliases.keys()]);
      const target = hint && aliases.has(hint) ? aliases.get(hint)! : hint;
      issues.push({
        parameter: key,
        message: hint ? `unknown parameter \`${key}\`; did you mean \`${target}\`?` : `unknown parameter \`${key}\`; valid parameters are: ${Object.keys(properties).join(', ')}`,
      });
    }
  }

  const validate = validatorFor(s);
  if (!validate(config)) issues.push(...(validate.errors ?? []).map((e) => describeAjvError(e, properties, config)));
  if (issues.length === 0) {
    for (const rule of spec.rules ?? []) {
      const issue = rule(config as T);
      if (issue) issues.push(issue);
    }
  }
  if (issues.length > 0) throw configErrorFor(connector, s, input, dedupe(issues));
  return { config: config as T, warnings };
}

function dedupe(issues: ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.parameter}\u0000${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function configErrorFor(connector: string, spec: ConnectorSpec<unknown>, input: unknown, issues: ConfigIssue[]): ConfigError {
  const redact = createRedactor(secretValues(spec, input));
  const lines = issues.map((i) => redact(i.message));
  const message = lines.length === 1 ? `${connector}: ${lines[0]}` : `${connector}: ${lines.length} configuration problems:\n${lines.map((l) => `  - ${l}`).join('\n')}`;
  return new ConfigError(message, {
    connector,
    parameter: issues[0]?.parameter,
    details: { issues: issues.map((i) => ({ parameter: i.parameter, message: redact(i.message) })) },
  });
}

function valueAt(config: unknown, path: readonly string[]): unknown {
  let v: unknown = config;
  for (const key of path) v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : undefined;
  return v;
}

function describeAjvError(e: ErrorObject, properties: Readonly<Record<string, PropertySchema>>, config: unknown): ConfigIssue {
  const path = e.instancePath.replace(/^\//, '').split('/').filter(Boolean);
  const parameter = e.keyword === 'required' ? String((e.params as { missingProperty: string }).missingProperty) : path[0] ?? '(root)';
  const where = path.length > 0 ? `\`${path.join('.')}\`` : `\`${parameter}\``;
  const prop = properties[parameter];
  switch (e.keyword) {
    case 'required':
      return { parameter, message: `missing required parameter \`${parameter}\`${prop?.description ? ` (${prop.description})` : ''}` };
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
      const value = valueAt(config, path);
      const given = value === undefined || value === null ? '' : String(value);
      const hint = suggest(given, allowed);
      return { parameter, message: `${where} must be one of ${allowed.map((a) => `\`${a}\``).join(', ')}${hint ? `; did you mean \`${hint}\`?` : ''}` };
    }
    case 'type':
      return { parameter, message: `${where} must be ${(e.params as { type: string }).type}` };
    default:
      return { parameter, message: `${where} ${e.message ?? 'is invalid'}` };
  }
}
