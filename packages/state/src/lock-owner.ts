import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { LockOwner } from './state-store';

/** The lock owner describing this process, with a fresh run id unless one is given. */
export function currentLockOwner(overrides: Partial<LockOwner> = {}): LockOwner {
  return { runId: overrides.runId ?? randomUUID(), pid: overrides.pid ?? process.pid, host: overrides.host ?? hostname() };
}

/** True when a process with this pid exists on this host (signal 0 probes without sending). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
