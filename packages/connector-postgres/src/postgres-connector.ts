import type { ConnectorDefinition } from '@sqlflow/core';
import { type PostgresConfig, postgresSpec } from './postgres-config';
import { PostgresSession } from './postgres-session';

/**
 * The PostgreSQL connector: a streaming source (binary COPY, incremental by cursor, full type
 * mapping) and a COPY-based destination (append, overwrite, upsert in one transaction).
 *
 * @example
 * await using session = await openConnector(postgresConnector, { url: 'postgres://etl@db/shop', table: 'orders' }, createContext());
 * for await (const { batch } of session.read!({ stream: 'orders', syncMode: 'full_refresh' })) console.log(batch.numRows);
 */
export const postgresConnector: ConnectorDefinition<PostgresConfig> = {
  name: 'postgres',
  kind: 'both',
  transport: 'database',
  version: '0.1.0',
  description: 'PostgreSQL source (binary COPY, incremental) and destination (COPY, append/overwrite/upsert).',
  spec: postgresSpec,
  open: async (config, context) => new PostgresSession(config, context),
};
