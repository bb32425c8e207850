import type { ResolvedStatement, VariableValue } from '../language/resolved';
import type { Span } from '../language/source-file';

/** What a step does: open a source, load a table from it, run SQL, export a query. */
export type StepKind = 'source' | 'load' | 'sql' | 'export';

/** One node of the plan's DAG. */
export interface PlanStep {
  /** Unique and readable: `source:orders`, `load:orders_raw`, `sql:daily`, `export:out.csv` (`#2` on repeats). */
  readonly id: string;
  readonly kind: StepKind;
  /** The source name, the table written, or the export destination. */
  readonly name: string;
  /** Ids of the steps that must finish first. */
  readonly dependsOn: readonly string[];
  /** Tables read (lower-cased; pipeline tables and pre-existing ones). */
  readonly reads: readonly string[];
  /** The table written, for `load` and `sql`. */
  readonly writes: string | undefined;
  /** 0 for steps without dependencies; one more than the deepest dependency otherwise. */
  readonly level: number;
  /** Position of the statement in the pipeline's statement order. */
  readonly index: number;
  readonly statement: ResolvedStatement;
  readonly span: Span;
}

/** The DAG of a pipeline: JSON-serialisable (for `sqlflow compile`). */
export interface PipelinePlan {
  readonly file: string;
  /** Steps in statement order. */
  readonly steps: readonly PlanStep[];
  /** Step ids by level: the steps of one level do not depend on each other and may run concurrently. */
  readonly levels: ReadonlyArray<readonly string[]>;
  /** Tables read but not produced by the pipeline (expected to exist already). */
  readonly external: readonly string[];
  readonly variables: Readonly<Record<string, VariableValue>>;
}
