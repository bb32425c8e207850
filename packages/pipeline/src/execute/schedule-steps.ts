import type { PlanStep } from '../plan/pipeline-plan';

/**
 * Runs plan steps as their dependencies finish, at most `concurrency` at a time, in statement
 * order among the ready ones. A failed step marks everything that depends on it (directly or
 * not) as skipped; independent steps still run. Resolves when every step has ended.
 */
export async function scheduleSteps(
  steps: readonly PlanStep[],
  concurrency: number,
  run: (step: PlanStep) => Promise<void>,
  skip: (step: PlanStep, because: string) => void,
): Promise<void> {
  const remaining = new Map(steps.map((s) => [s.id, s]));
  const done = new Set<string>();
  const failed = new Set<string>();
  const running = new Map<string, Promise<void>>();

  const settle = (step: PlanStep, ok: boolean): void => {
    running.delete(step.id);
    (ok ? done : failed).add(step.id);
  };

  while (remaining.size > 0 || running.size > 0) {
    for (const step of [...remaining.values()]) {
      const blocker = step.dependsOn.find((d) => failed.has(d));
      if (blocker) {
        remaining.delete(step.id);
        failed.add(step.id);
        skip(step, blocker);
      }
    }
    const ready = [...remaining.values()].filter((s) => s.dependsOn.every((d) => done.has(d))).sort((a, b) => a.index - b.index);
    for (const step of ready) {
      if (running.size >= Math.max(1, concurrency)) break;
      remaining.delete(step.id);
      running.set(
        step.id,
        run(step).then(
          () => settle(step, true),
          () => settle(step, false),
        ),
      );
    }
    if (running.size === 0) {
      if (remaining.size > 0) {
        // Only possible with a dependency on an unknown step: report instead of hanging.
        for (const step of remaining.values()) skip(step, step.dependsOn.find((d) => !done.has(d)) ?? 'unknown');
        return;
      }
      return;
    }
    await Promise.race(running.values());
  }
}
