import { type ConnectorSpec, type PropertySchema, specProperties, specRequired } from './connector-spec';

/** A short human name for a property's type ("string", "integer", "string or list of string"). */
export function describeType(p: PropertySchema): string {
  if (p.enum) return p.enum.map((v) => `\`${String(v)}\``).join(' \\| ');
  const variants = p.anyOf ?? p.oneOf;
  if (variants) return variants.map(describeType).join(' or ');
  const t = Array.isArray(p.type) ? p.type.join(' or ') : (p.type as string | undefined) ?? 'any';
  if (t === 'array' && p.items) return `list of ${describeType(p.items)}`;
  return t;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/**
 * A Markdown table of a spec's parameters (name, type, required, default, legacy names,
 * description), for connector READMEs and the generated reference.
 */
export function configTable<T>(spec: ConnectorSpec<T>): string {
  const required = new Set(specRequired(spec));
  const rows = Object.entries(specProperties(spec)).map(([name, p]) => {
    const def = p.default === undefined ? '' : `\`${JSON.stringify(p.default)}\``;
    const aliases = (p['x-aliases'] ?? []).map((a) => `\`${a}\``).join(', ');
    const desc = `${p.description ?? ''}${p['x-secret'] ? ' (secret: redacted everywhere)' : ''}`;
    return `| \`${name}\` | ${describeType(p).replace(/\|(?!\s)/g, '\\|')} | ${required.has(name) ? 'yes' : ''} | ${def} | ${aliases} | ${cell(desc)} |`;
  });
  return ['| parameter | type | required | default | legacy names | description |', '| --- | --- | --- | --- | --- | --- |', ...rows].join('\n');
}
