import type * as CsvPackage from '@sqlflow/connector-csv';
import type * as PostgresPackage from '@sqlflow/connector-postgres';
import type * as S3Package from '@sqlflow/connector-s3';
import type * as StripePackage from '@sqlflow/connector-stripe';
import { type AnyConnectorDefinition, ConnectorRegistry } from '@sqlflow/pipeline';

/* eslint-disable @typescript-eslint/no-require-imports -- each connector loads synchronously on first use */
/**
 * The connectors that ship with the CLI, each loaded on first use so that `sqlflow` starts
 * without loading drivers and SDKs a pipeline does not need.
 */
export const BUILTIN_CONNECTORS: Readonly<Record<string, () => AnyConnectorDefinition>> = {
  csv: () => (require('@sqlflow/connector-csv') as typeof CsvPackage).csvConnector,
  postgres: () => (require('@sqlflow/connector-postgres') as typeof PostgresPackage).postgresConnector,
  s3: () => (require('@sqlflow/connector-s3') as typeof S3Package).s3Connector,
  stripe: () => (require('@sqlflow/connector-stripe') as typeof StripePackage).stripeConnector,
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** A registry of the built-in connectors; installed `sqlflow-connector-*` packages load on demand. */
export function createCliRegistry(): ConnectorRegistry {
  const registry = new ConnectorRegistry();
  for (const [name, load] of Object.entries(BUILTIN_CONNECTORS)) registry.registerLazy(name, load);
  return registry;
}
