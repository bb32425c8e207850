import type { HealthReport } from '@sqlflow/core';
import type { PostgresClient } from './postgres-client';
import type { PostgresConfig } from './postgres-config';
import { arrayLiteral } from './sql/bound-parameters';

interface HealthRow {
  version: string;
  version_num: string;
  size: string;
  tables: string;
  in_recovery: boolean;
  connections: string;
  max_connections: string;
}

/** Server version, database size, table count, connections and latency of a round trip. */
export async function collectHealth(client: PostgresClient, config: PostgresConfig, signal?: AbortSignal): Promise<HealthReport> {
  const schemas = config.schemas && config.schemas.length > 0 ? config.schemas : [config.schema];
  const latencyMs = await client.run('measuring latency', async (sql) => {
    await sql`select 1`; // the first call may connect; time the second
    const start = process.hrtime.bigint();
    await sql`select 1`;
    return Number(process.hrtime.bigint() - start) / 1e6;
  }, signal);
  const [row] = await client.run('collecting health', (sql) => sql.unsafe<HealthRow[]>(
    `select version() as version, current_setting('server_version_num') as version_num,
       pg_database_size(current_database())::text as size,
       (select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where c.relkind in ('r', 'p') and n.nspname = any($1::text[]))::text as tables,
       pg_is_in_recovery() as in_recovery,
       (select count(*) from pg_stat_activity where datname = current_database())::text as connections,
       current_setting('max_connections') as max_connections`,
    [arrayLiteral(schemas)],
  ), signal);
  const r = row!;
  return {
    status: 'ok',
    latencyMs: Math.round(latencyMs * 1000) / 1000,
    metrics: {
      server_version: r.version,
      server_version_num: Number(r.version_num),
      database: client.settings.database,
      database_size_bytes: Number(r.size),
      table_count: Number(r.tables),
      schemas: schemas.join(','),
      in_recovery: r.in_recovery,
      connections: Number(r.connections),
      max_connections: Number(r.max_connections),
    },
  };
}
