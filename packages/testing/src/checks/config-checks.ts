import { aliasMap, type ConnectorDefinition, type ConnectorSpec, resolveConfig, specProperties, suggest } from '@sqlflow/core';
import type { ConformanceHarness } from '../conformance-harness';
import { ConformanceFailure, ensure, show } from '../conformance-failure';
import { hasCode, openSession, thrownBy } from './check-support';

/** The harness's valid parameters resolve without error. */
export async function checkValidParams<T>(definition: ConnectorDefinition<T>, harness: ConformanceHarness): Promise<void> {
  try {
    resolveConfig(definition.name, definition.spec, harness.validParams());
  } catch (error) {
    throw new ConformanceFailure('valid-params', `validParams() were rejected: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** Resolves (and, when the spec accepts them, opens) `params`; returns what was thrown. */
async function rejectionOf<T>(check: string, definition: ConnectorDefinition<T>, harness: ConformanceHarness, params: Record<string, unknown>): Promise<unknown> {
  return thrownBy(check, `configuring with ${show(params)}`, async () => {
    resolveConfig(definition.name, definition.spec, params);
    // Not caught by the spec: the connector may still reject it while opening.
    const session = await openSession(definition, harness, params);
    await session.close();
  });
}

/** Each `badParams` entry is rejected with a `ConfigError` whose `parameter` and message name the parameter at fault. */
export async function checkBadParams<T>(definition: ConnectorDefinition<T>, harness: ConformanceHarness): Promise<void> {
  const check = 'bad-params';
  ensure(harness.badParams.length > 0, check, 'the harness lists no `badParams`; add at least one invalid parameter set');
  for (const { params, parameter } of harness.badParams) {
    const error = await rejectionOf(check, definition, harness, params);
    ensure(hasCode(error, 'CONFIG_INVALID'), check, () => `${show(params)} was rejected with ${show(error)}, not a ConfigError`);
    const got = (error as { parameter?: unknown }).parameter;
    ensure(got === parameter, check, `${show(params)}: ConfigError.parameter is ${show(got)}, expected ${show(parameter)}`);
    const message = (error as Error).message;
    ensure(message.includes(parameter), check, `${show(params)}: the message does not name \`${parameter}\`: ${show(message)}`);
  }
}

function typosOf(name: string): string[] {
  const out: string[] = [];
  for (let i = 1; i < name.length - 1; i++) out.push(name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2));
  for (let i = 1; i < name.length; i++) out.push(name.slice(0, i) + name.slice(i + 1));
  out.push(`${name}${name.at(-1) ?? 'x'}`);
  return out;
}

/**
 * A typo of a real parameter name (derived from the first property whose typo is unambiguous)
 * is rejected with a `ConfigError` that names the typo and suggests the real name.
 */
export async function checkDidYouMean<T>(definition: ConnectorDefinition<T>, harness: ConformanceHarness): Promise<void> {
  const check = 'did-you-mean';
  const spec = definition.spec as unknown as ConnectorSpec<unknown>;
  const properties = Object.keys(specProperties(spec));
  const aliases = aliasMap(spec);
  const known = [...properties, ...aliases.keys()];
  let found: { typo: string; target: string } | undefined;
  for (const target of properties) {
    for (const typo of typosOf(target)) {
      if (known.includes(typo) || typo === target) continue;
      const hint = suggest(typo, known);
      if (hint === target) {
        found = { typo, target };
        break;
      }
    }
    if (found) break;
  }
  ensure(found, check, `could not derive an unambiguous typo from any property name (${properties.join(', ')})`);
  const valid = harness.validParams();
  const params = { ...valid, [found.typo]: valid[found.target] ?? 'x' };
  let error: unknown;
  try {
    resolveConfig(definition.name, definition.spec, params);
  } catch (e) {
    error = e;
  }
  ensure(error !== undefined, check, `unknown parameter \`${found.typo}\` was accepted; use \`additionalProperties: false\` or leave unknown keys to core's resolver`);
  ensure(hasCode(error, 'CONFIG_INVALID'), check, () => `unknown parameter \`${found.typo}\` was rejected with ${show(error)}, not a ConfigError`);
  const message = (error as Error).message;
  ensure((error as { parameter?: unknown }).parameter === found.typo, check, `ConfigError.parameter is ${show((error as { parameter?: unknown }).parameter)}, expected \`${found.typo}\``);
  ensure(/did you mean/i.test(message) && message.includes(`\`${found.target}\``), check, `the error for \`${found.typo}\` does not suggest \`${found.target}\`: ${show(message)}`);
}
