import { type ConnectorContext, throwIfAborted } from '@sqlflow/core';
import postgres from 'postgres';
import { type ConnectionSettings, endpointOf, sslOption } from './connection/connection-settings';
import { type ErrorSite, toSqlflowError } from './postgres-errors';

/** The `postgres` client type this connector uses (no custom types). */
export type Sql = postgres.Sql<Record<string, never>>;

/** Pool sizing for {@link PostgresClient}. */
export interface PoolSettings {
  readonly min: number;
  readonly max: number;
}

/**
 * Owns the connections of one session: a small pool for metadata queries, plus dedicated
 * single-connection clients for COPY (the `postgres` 3.4.x client can leave a pooled socket
 * paused after `COPY ... TO STDOUT`, porsager/postgres#499, so COPY never runs on the pool).
 * Every call goes through the context's resilience policy and errors come out typed.
 */
export class PostgresClient {
  private pool: Sql | undefined;
  private readonly dedicatedClients = new Set<Sql>();

  constructor(
    readonly settings: ConnectionSettings,
    private readonly poolSettings: PoolSettings,
    private readonly context: ConnectorContext,
  ) {}

  /** Where errors happened, for messages. */
  site(action?: string): ErrorSite {
    return { endpoint: endpointOf(this.settings), database: this.settings.database, username: this.settings.username, action };
  }

  /** Runs `fn` on the pool through the resilience policy; errors are mapped to typed ones. */
  async run<T>(action: string, fn: (sql: Sql) => Promise<T>, signal?: AbortSignal): Promise<T> {
    throwIfAborted(signal);
    return this.context.policy.execute(async ({ signal: attemptSignal }) => {
      throwIfAborted(attemptSignal);
      try {
        return await fn(this.getPool());
      } catch (error) {
        throw toSqlflowError(error, this.site(action));
      }
    }, signal);
  }

  /** Opens `min_connections` pooled connections (used by `check()`). */
  async warmUp(signal?: AbortSignal): Promise<void> {
    const n = Math.max(1, this.poolSettings.min);
    await this.run('connecting', async (sql) => {
      await Promise.all(Array.from({ length: n }, () => sql`select 1`));
    }, signal);
  }

  /**
   * Opens a dedicated single-connection client and runs `fn` on it, as one call of the
   * resilience policy: on failure the client is closed and the error mapped. On success the
   * caller owns the client and ends it with {@link release}. Used for COPY in both directions.
   */
  async withDedicated<T>(action: string, signal: AbortSignal | undefined, fn: (sql: Sql) => Promise<T>): Promise<T> {
    throwIfAborted(signal);
    return this.context.policy.execute(async ({ signal: attemptSignal }) => {
      throwIfAborted(attemptSignal);
      const sql = this.create(1);
      this.dedicatedClients.add(sql);
      try {
        return await fn(sql);
      } catch (error) {
        await this.release(sql, true);
        throw toSqlflowError(error, this.site(action));
      }
    }, signal);
  }

  /** Ends a dedicated client; `force` closes the socket at once. */
  async release(sql: Sql, force = false): Promise<void> {
    this.dedicatedClients.delete(sql);
    await sql.end({ timeout: force ? 0 : 5 }).catch(() => undefined);
  }

  /** Ends every connection. */
  async close(): Promise<void> {
    const all = [...this.dedicatedClients];
    this.dedicatedClients.clear();
    const pool = this.pool;
    this.pool = undefined;
    await Promise.all([...all.map((c) => c.end({ timeout: 0 }).catch(() => undefined)), pool?.end({ timeout: 5 }).catch(() => undefined)]);
  }

  private getPool(): Sql {
    this.pool ??= this.create(this.poolSettings.max);
    return this.pool;
  }

  private create(max: number): Sql {
    const s = this.settings;
    const logger = this.context.logger;
    return postgres({
      host: s.host,
      port: s.port,
      database: s.database,
      username: s.username,
      password: s.password ?? '',
      ssl: sslOption(s),
      max,
      idle_timeout: 30,
      connect_timeout: s.connectTimeout,
      fetch_types: false,
      prepare: true,
      connection: { application_name: s.applicationName },
      onnotice: (notice) => logger.debug(`postgres notice: ${String(notice.message)}`),
    }) as unknown as Sql;
  }
}
