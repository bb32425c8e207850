import { type ConnectorDefinition, type ConnectorSpec, resolveConfig, specProperties, type PropertySchema } from '@sqlflow/core';
import type { ConformanceHarness } from '../conformance-harness';
import { ConformanceFailure, ensure, show } from '../conformance-failure';

const CHECK = 'spec';

function types(prop: PropertySchema): string[] {
  const t = prop.type;
  return t === undefined ? [] : typeof t === 'string' ? [t] : [...t];
}

/**
 * The spec is a valid JSON Schema under SQLFlow's strict ajv setup (unknown keywords rejected;
 * `x-aliases`, `x-secret`, `x-example` registered): proved by resolving the harness's valid
 * parameters through core's `resolveConfig`. Every property has a description, `x-aliases` is
 * a list of strings naming no real property, and every `x-secret` property is a string.
 */
export async function checkSpec<T>(definition: ConnectorDefinition<T>, harness: ConformanceHarness): Promise<void> {
  const schema = definition.spec?.schema as unknown as { type?: unknown; properties?: unknown } | undefined;
  ensure(schema && typeof schema === 'object', CHECK, '`definition.spec.schema` is missing; export the JSON Schema of the configuration');
  ensure(schema.type === 'object', CHECK, `the spec schema must have \`type: "object"\`, got ${show(schema.type)}`);
  const properties = specProperties(definition.spec as unknown as ConnectorSpec<unknown>);
  ensure(Object.keys(properties).length > 0, CHECK, 'the spec schema declares no `properties`');
  ensure(typeof definition.name === 'string' && /^[a-z][a-z0-9_-]*$/.test(definition.name), CHECK, `connector name ${show(definition.name)} must be lowercase letters, digits, \`-\` or \`_\``);
  const problems: string[] = [];
  const names = new Set(Object.keys(properties));
  for (const [name, prop] of Object.entries(properties)) {
    if (typeof prop.description !== 'string' || prop.description.trim() === '') problems.push(`\`${name}\` has no description (it feeds CLI help and the reference docs)`);
    if (prop['x-secret'] !== undefined && typeof prop['x-secret'] !== 'boolean') problems.push(`\`${name}\`: \`x-secret\` must be a boolean`);
    if (prop['x-secret'] === true && types(prop).some((t) => t !== 'string' && t !== 'null')) {
      problems.push(`\`${name}\` is \`x-secret\` but has type ${show(prop.type)}; secrets must be strings so redaction can find them`);
    }
    if (prop['x-secret'] === true && types(prop).length === 0) problems.push(`\`${name}\` is \`x-secret\` but declares no type; give it \`type: "string"\``);
    const aliases = prop['x-aliases'];
    if (aliases !== undefined) {
      if (!Array.isArray(aliases) || aliases.some((a) => typeof a !== 'string')) problems.push(`\`${name}\`: \`x-aliases\` must be a list of strings`);
      else for (const a of aliases) if (names.has(a)) problems.push(`\`${name}\`: alias \`${a}\` is also a property name`);
    }
  }
  if (problems.length > 0) throw new ConformanceFailure(CHECK, `spec problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  try {
    resolveConfig(definition.name, definition.spec, harness.validParams());
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ConformanceFailure(CHECK, `the spec does not compile as a strict JSON Schema or rejects the valid parameters: ${message}`, { cause: error });
  }
}
