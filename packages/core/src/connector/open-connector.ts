import { resolveConfig } from '../config/resolve-config';
import type { ConnectorContext } from './context';
import type { ConnectorDefinition, ConnectorSession } from './connector-definition';

/**
 * Validates raw parameters against the connector's spec (aliases, defaults, "did you mean"),
 * logs each warning through the context's logger, and opens a session.
 *
 * @example
 * await using session = await openConnector(csvConnector, { path: 'orders.csv' }, createContext());
 */
export async function openConnector<T>(definition: ConnectorDefinition<T>, params: unknown, context: ConnectorContext): Promise<ConnectorSession> {
  const { config, warnings } = resolveConfig(definition.name, definition.spec, params);
  for (const w of warnings) context.logger.warn(`${definition.name}: ${w.message}`, { connector: definition.name, parameter: w.parameter });
  return definition.open(config, context);
}
