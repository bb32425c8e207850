import { type ConnectorContext, throwIfAborted, TransientError } from '@sqlflow/core';
import { connect, type Socket } from 'node:net';
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
  /** Dedicated clients and the raw sockets they run on (destroyed to stop a COPY at once). */
  private readonly dedicatedClients = new Map<Sql, Set<Socket>>();

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
      const sockets = new Set<Socket>();
      const sql = this.create(1, sockets);
      this.dedicatedClients.set(sql, sockets);
      try {
        return await fn(sql);
      } catch (error) {
        await this.release(sql, true);
        throw toSqlflowError(error, this.site(action));
      }
    }, signal);
  }

  /**
   * A promise that rejects with a retryable `TransientError` when the socket of a dedicated
   * client closes (the `postgres` client does not report a connection lost after a COPY's end).
   */
  connectionLost(sql: Sql, action: string): { promise: Promise<never>; dispose(): void } {
    const sockets = [...(this.dedicatedClients.get(sql) ?? [])];
    let onClose: (() => void) | undefined;
    const promise = new Promise<never>((_, reject) => {
      onClose = () => reject(new TransientError(`postgres: the connection to ${endpointOf(this.settings)} closed while ${action}; the call will be retried`));
      for (const socket of sockets) socket.once('close', onClose);
    });
    promise.catch(() => undefined);
    return { promise, dispose: () => sockets.forEach((socket) => onClose && socket.removeListener('close', onClose)) };
  }

  /**
   * Ends a dedicated client. `force` destroys its socket first: a server blocked sending COPY
   * data into a paused socket only notices a reset connection (a graceful end would leave the
   * backend running until the whole result was sent).
   */
  async release(sql: Sql, force = false): Promise<void> {
    const sockets = this.dedicatedClients.get(sql);
    this.dedicatedClients.delete(sql);
    if (force) for (const socket of sockets ?? []) socket.destroy();
    await sql.end({ timeout: force ? 0 : 5 }).catch(() => undefined);
  }

  /** Ends every connection. */
  async close(): Promise<void> {
    const all = [...this.dedicatedClients.keys()];
    const pool = this.pool;
    this.pool = undefined;
    await Promise.all([...all.map((c) => this.release(c, true)), pool?.end({ timeout: 5 }).catch(() => undefined)]);
  }

  private getPool(): Sql {
    this.pool ??= this.create(this.poolSettings.max);
    return this.pool;
  }

  private create(max: number, sockets?: Set<Socket>): Sql {
    const s = this.settings;
    const logger = this.context.logger;
    const socket = sockets ? { socket: () => openSocket(s, sockets) } : {};
    return postgres({
      ...socket,
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

/** A connected TCP socket (for dedicated clients), registered in `sockets`. */
function openSocket(settings: ConnectionSettings, sockets: Set<Socket>): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: settings.host, port: settings.port });
    const fail = (error: Error): void => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    };
    const timer = setTimeout(
      () => fail(Object.assign(new Error(`connect timeout after ${settings.connectTimeout}s to ${endpointOf(settings)}`), { code: 'CONNECT_TIMEOUT' })),
      settings.connectTimeout * 1000,
    );
    socket.once('error', fail);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeListener('error', fail);
      socket.setNoDelay(true);
      socket.setKeepAlive(true, 60_000);
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      resolve(socket);
    });
  });
}
