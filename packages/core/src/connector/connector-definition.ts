import type { ConnectorSpec } from '../config/connector-spec';
import type { ConnectorContext } from './context';
import type { ConnectorKind } from './sync-modes';

/** The kind of system a connector talks to. */
export type ConnectorTransport = 'database' | 'http' | 'file';
import type { FileScan } from './file-scan';
import type { HealthReport, ReadRequest, StreamBatch, StreamDescriptor, WriteRequest, WriteResult } from './stream';

/** Counters of what a session used: names such as `getRequests`, `bytesDownloaded`, `costUsd`. */
export type UsageReport = Readonly<Record<string, number>>;

/** Options for session calls that take nothing else. */
export interface CallOptions {
  readonly signal?: AbortSignal;
}

/**
 * An open connection to one configured system. Optional capabilities are optional methods:
 * sources implement `read`, destinations `write`. `close` is idempotent and
 * `[Symbol.asyncDispose]` calls it, so `await using session = ...` works.
 */
export interface ConnectorSession extends AsyncDisposable {
  /** Resolves when the configuration works; throws a typed error saying what to fix. */
  check(options?: CallOptions): Promise<void>;
  /** The streams this source offers (or this destination accepts). */
  discover(options?: CallOptions): Promise<StreamDescriptor[]>;
  /** Streams a stream as Arrow batches; resources are released when iteration ends or aborts. */
  read?(request: ReadRequest): AsyncIterable<StreamBatch>;
  /**
   * A native file scan that yields exactly what `read(request)` would, or undefined when the
   * session cannot promise that (the runner then calls `read`). See {@link FileScan}.
   */
  planFileScan?(request: ReadRequest): Promise<FileScan | undefined>;
  /** Writes batches; on failure the target is left as it was where the system allows. */
  write?(request: WriteRequest): Promise<WriteResult>;
  /** Connector-specific facts: version, size, latency, rate-limit budget. */
  health?(options?: CallOptions): Promise<HealthReport>;
  /**
   * What the session has used so far, as counters that only grow (requests by kind, bytes,
   * estimated cost). Runners record the change over each step in the run report.
   */
  usage?(): UsageReport;
  close(): Promise<void>;
}

/**
 * What a connector package exports. `spec` is the single source of the configuration;
 * `open` receives the configuration already validated and resolved by it and must do no I/O
 * beyond what opening needs.
 *
 * @example
 * export const csvConnector: ConnectorDefinition<CsvConfig> = {
 *   name: 'csv', kind: 'both', version: '0.1.0', spec: csvSpec,
 *   open: async (config, context) => new CsvSession(config, context),
 * };
 */
export interface ConnectorDefinition<TConfig = unknown> {
  readonly name: string;
  readonly kind: ConnectorKind;
  readonly version: string;
  readonly description?: string;
  /**
   * What the connector talks to, so a runner can choose a fitting resilience preset for
   * `context.policy`: `database`, `http` (APIs) or `file` (local or object storage).
   */
  readonly transport?: ConnectorTransport;
  readonly spec: ConnectorSpec<TConfig>;
  open(config: TConfig, context: ConnectorContext): Promise<ConnectorSession>;
}
