import type { DuckDBConnection } from '@duckdb/node-api';
import { StateError } from '@sqlflow/core';
import { execute, selectRows, type JsRow } from './duckdb-sql';
import { STATE_TABLES } from './state-schema';
import type { LockInfo, LockOwner } from './state-store';

/** How the lock code sees the world (injected for tests). */
export interface LockEnvironment {
  readonly now: () => Date;
  readonly isProcessAlive: (pid: number) => boolean;
  /** This host's name: a dead pid means a stale lock only when the holder ran here. */
  readonly host: string;
}

/** Why a held lock may be taken over, or undefined when it is live. */
export function staleReason(lock: LockInfo, env: LockEnvironment, staleAfterMs: number): string | undefined {
  if (lock.host === env.host && !env.isProcessAlive(lock.pid)) return `process ${lock.pid} on ${lock.host} is not running`;
  const silentMs = env.now().getTime() - lock.heartbeatAt.getTime();
  if (silentMs > staleAfterMs) return `no heartbeat for ${Math.round(silentMs / 1000)} s (limit ${Math.round(staleAfterMs / 1000)} s)`;
  return undefined;
}

function lockFromRow(row: JsRow): LockInfo {
  return {
    pipeline: String(row['pipeline']),
    runId: String(row['run_id']),
    pid: Number(row['pid']),
    host: String(row['host']),
    acquiredAt: row['acquired_at'] as Date,
    heartbeatAt: row['heartbeat_at'] as Date,
  };
}

/** Reads the lock row of a pipeline. */
export async function readLock(connection: DuckDBConnection, pipeline: string): Promise<LockInfo | undefined> {
  const rows = await selectRows(connection, `SELECT * FROM ${STATE_TABLES.locks} WHERE pipeline = $1`, [pipeline]);
  return rows[0] ? lockFromRow(rows[0]) : undefined;
}

/**
 * Takes the lock with single atomic statements: insert when free (the primary key makes a
 * concurrent insert fail), or a conditional update that replaces exactly the stale holder.
 * Returns the holder that was displaced, if any.
 */
export async function takeLock(
  connection: DuckDBConnection,
  pipeline: string,
  owner: LockOwner,
  env: LockEnvironment,
  staleAfterMs: number,
): Promise<{ info: LockInfo; displaced?: LockInfo }> {
  const now = env.now().toISOString();
  const current = await readLock(connection, pipeline);
  if (!current) {
    try {
      await execute(
        connection,
        `INSERT INTO ${STATE_TABLES.locks} VALUES ($1, $2, $3, $4, CAST($5 AS TIMESTAMPTZ), CAST($5 AS TIMESTAMPTZ))`,
        [pipeline, owner.runId, owner.pid, owner.host, now],
      );
    } catch (cause) {
      const holder = await readLock(connection, pipeline);
      if (holder) throw lockedError(holder);
      throw new StateError(`Could not take the lock of pipeline "${pipeline}": ${(cause as Error).message}`, { cause });
    }
    return { info: { pipeline, ...owner, acquiredAt: new Date(now), heartbeatAt: new Date(now) } };
  }
  if (current.runId === owner.runId) return { info: current };
  const reason = staleReason(current, env, staleAfterMs);
  if (!reason) throw lockedError(current);
  const changed = await execute(
    connection,
    `UPDATE ${STATE_TABLES.locks} SET run_id = $2, pid = $3, host = $4, acquired_at = CAST($5 AS TIMESTAMPTZ),
       heartbeat_at = CAST($5 AS TIMESTAMPTZ) WHERE pipeline = $1 AND run_id = $6`,
    [pipeline, owner.runId, owner.pid, owner.host, now, current.runId],
  );
  if (changed !== 1) {
    const holder = await readLock(connection, pipeline);
    throw holder ? lockedError(holder) : new StateError(`The lock of pipeline "${pipeline}" changed while taking it over; retry`);
  }
  return { info: { pipeline, ...owner, acquiredAt: new Date(now), heartbeatAt: new Date(now) }, displaced: current };
}

/** The error a second run gets: who holds the lock, since when, and what to do. */
export function lockedError(holder: LockInfo): StateError {
  return new StateError(
    `Pipeline "${holder.pipeline}" is already running: run ${holder.runId} (pid ${holder.pid} on ${holder.host}) ` +
      `holds its lock since ${holder.acquiredAt.toISOString()} (last heartbeat ${holder.heartbeatAt.toISOString()}). ` +
      'Wait for it to finish; if that process is gone, the lock is taken over automatically once its heartbeat is stale, ' +
      'or remove it with `sqlflow state unlock`.',
    { details: { pipeline: holder.pipeline, runId: holder.runId, pid: holder.pid, host: holder.host, since: holder.acquiredAt.toISOString() } },
  );
}
