import { csvConnector } from '@sqlflow/connector-csv';
import { postgresConnector } from '@sqlflow/connector-postgres';
import { type AnyConnectorDefinition, ConnectorRegistry } from '@sqlflow/pipeline';

/** The connectors that ship with the CLI. */
export const BUILTIN_CONNECTORS: readonly AnyConnectorDefinition[] = [csvConnector, postgresConnector];

/** A registry of the built-in connectors; installed `sqlflow-connector-*` packages load on demand. */
export function createCliRegistry(): ConnectorRegistry {
  return new ConnectorRegistry(BUILTIN_CONNECTORS);
}
