import type { UsageReport, WatermarkValue } from '@sqlflow/core';
import type { StepKind } from '../plan/pipeline-plan';

/** How a step ended. `skipped`: a step it depends on failed. */
export type StepStatus = 'succeeded' | 'failed' | 'skipped';

/** What one step of a run did. */
export interface StepReport {
  readonly id: string;
  readonly kind: StepKind;
  readonly name: string;
  readonly status: StepStatus;
  readonly startedAt: string | undefined;
  readonly durationMs: number;
  /** Rows written (load: rows inserted or updated; sql: rows affected; export: rows written). */
  readonly rows?: number;
  /** Rows received from the source (load). */
  readonly rowsRead?: number;
  /** Re-read boundary rows that were already loaded and not written again (load). */
  readonly skippedRows?: number;
  readonly bytes?: number;
  readonly table?: string;
  readonly source?: string;
  readonly stream?: string;
  readonly mode?: string;
  readonly watermarkBefore?: WatermarkValue;
  readonly watermarkAfter?: WatermarkValue;
  /** `duckdb` when DuckDB read the source's files itself (a native file scan) instead of the connector (load). */
  readonly pushdown?: 'duckdb';
  /** Export destination (file path, table, object key). */
  readonly destination?: string;
  /** Load attempts, when a transient failure made the load resume from its last checkpoint. */
  readonly attempts?: number;
  /** Connector-reported usage (requests, bytes, estimated cost), when the connector reports it. */
  readonly usage?: UsageReport;
  readonly error?: { readonly code: string; readonly message: string };
}

/** The outcome of `runPipeline`: JSON for `sqlflow run --json`. */
export interface RunReport {
  readonly runId: string;
  readonly pipeline: string;
  readonly file: string;
  readonly status: 'succeeded' | 'failed';
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  readonly database: string;
  readonly steps: readonly StepReport[];
  readonly warnings: readonly string[];
  readonly error?: { readonly code: string; readonly message: string };
}
