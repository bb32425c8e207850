import type { PlanStep } from '../plan/pipeline-plan';
import type { StepReport } from './run-report';

/** What a run tells its caller while it goes (progress display, logs). */
export type RunEvent =
  | { readonly type: 'run-start'; readonly runId: string; readonly pipeline: string; readonly steps: number }
  | { readonly type: 'step-start'; readonly step: PlanStep }
  | { readonly type: 'step-progress'; readonly step: PlanStep; readonly rowsRead: number }
  | { readonly type: 'step-end'; readonly step: PlanStep; readonly report: StepReport }
  | { readonly type: 'run-end'; readonly status: 'succeeded' | 'failed' };
