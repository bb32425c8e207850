import type { UsageReport } from '@sqlflow/core';

/** What a session used between two `usage()` snapshots (counters only grow). */
export function usageDelta(before: UsageReport | undefined, after: UsageReport | undefined): UsageReport | undefined {
  if (!after) return undefined;
  const delta: Record<string, number> = {};
  for (const [key, value] of Object.entries(after)) delta[key] = value - (before?.[key] ?? 0);
  return delta;
}
