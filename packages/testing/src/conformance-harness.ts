import type { ConnectorContext, WatermarkValue } from '@sqlflow/core';

/** A plain row as the conformance suite compares it (see `normalizeRow`). */
export type ExpectedRow = Readonly<Record<string, unknown>>;

/**
 * What a connector's own test gives the conformance suite: how to configure it against a
 * real local system, and which rows that system holds.
 */
export interface ConformanceHarness {
  /** Runs once before the suite (start servers, seed data). */
  setup?(): Promise<void>;
  /** Runs once after the suite (drop databases, stop servers). */
  teardown?(): Promise<void>;
  /** A context for sessions; defaults to `createContext()`. */
  context?(): ConnectorContext;
  /** Parameters, as a user writes them, that open a working source. */
  validParams(): Record<string, unknown>;
  /** Parameters that validate but with which `check()` must fail (unreachable host, missing file). */
  failingCheckParams(): Record<string, unknown>;
  /** Invalid parameter sets and the parameter each error must name. */
  readonly badParams: ReadonlyArray<{ readonly params: Record<string, unknown>; readonly parameter: string }>;
  /** The stream the read tests use; `discover()` must list it. */
  readonly stream: string;
  /** Every row a full refresh of `stream` returns, in any order. */
  expectedRows(): ReadonlyArray<ExpectedRow>;
  /** Column(s) that identify a row, to compare without caring about order. */
  readonly rowKey: readonly string[];
  /** Incremental read: from `watermark`, exactly the rows with cursor >= watermark come back. */
  readonly incremental?: {
    /** Extra parameters that turn on incremental mode (e.g. sync_mode, cursor_field). */
    readonly params: Record<string, unknown>;
    readonly cursorField: string;
    readonly watermark: WatermarkValue;
    /** The rows with cursor >= watermark. */
    expectedRows(): ReadonlyArray<ExpectedRow>;
  };
  /** A read large enough (several batches) to abort in the middle; defaults to `stream`. */
  readonly largeStream?: { readonly params: Record<string, unknown>; readonly stream: string };
  /** Whether resources are released: e.g. open file handles or server connections; compared before/after. */
  openResources?(): Promise<number>;
}
