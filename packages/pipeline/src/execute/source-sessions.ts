import { join } from 'node:path';
import {
  type ConnectorContext,
  type ConnectorSession,
  type ConnectorTransport,
  NotFoundError,
  resolvePathParameters,
  type StreamDescriptor,
  suggest,
} from '@sqlflow/core';
import { createPolicy, databasePreset, filePreset, formatRetry, httpApiPreset, type PolicyOptions } from '@sqlflow/resilience';
import type { AnyConnectorDefinition } from '../connectors/connector-registry';
import type { ValidatedSource } from '../plan/validate-pipeline';

const PRESETS: Record<ConnectorTransport, PolicyOptions> = { database: databasePreset, http: httpApiPreset, file: filePreset };

/** A context for one connector: the run's context with a resilience policy fitting its transport. */
export function contextFor(definition: AnyConnectorDefinition, name: string, base: ConnectorContext): ConnectorContext {
  const logger = base.logger.child({ connector: definition.name, source: name });
  const policy = createPolicy(PRESETS[definition.transport ?? 'file'], {
    name: `${definition.name} (${name})`,
    onRetry: (event) => logger.warn(formatRetry(event)),
  });
  return { ...base, logger, policy };
}

/** The configuration a connector is opened with: relative `x-path` values resolved against the project. */
export function configForProject(definition: AnyConnectorDefinition, config: unknown, projectDir: string): Record<string, unknown> {
  return resolvePathParameters(definition.spec, config as Record<string, unknown>, projectDir, join);
}

interface OpenSource {
  readonly session: ConnectorSession;
  streams?: Promise<StreamDescriptor[]>;
}

/**
 * The connector sessions of one run: opened on first use, shared by every LOAD of the same
 * SOURCE, closed together at the end.
 */
export class SourceSessions {
  private readonly open = new Map<string, Promise<OpenSource>>();

  constructor(
    private readonly sources: ReadonlyMap<string, ValidatedSource>,
    private readonly projectDir: string,
    private readonly context: ConnectorContext,
  ) {}

  /** The validated SOURCE of that name. */
  source(name: string): ValidatedSource {
    const s = this.sources.get(name.toLowerCase()) ?? this.sources.get(name);
    if (!s) throw new NotFoundError(`SOURCE ${name} is not defined in this pipeline`);
    return s;
  }

  /** The open session of a SOURCE (opening it on first use). */
  async session(name: string): Promise<ConnectorSession> {
    return (await this.entry(name)).session;
  }

  /** The streams a SOURCE offers (discovered once per run). */
  async streams(name: string): Promise<StreamDescriptor[]> {
    const entry = await this.entry(name);
    entry.streams ??= entry.session.discover({ signal: this.context.signal });
    return entry.streams;
  }

  /**
   * The stream a LOAD reads: the source's `stream` parameter, else the stream named by its
   * `table` parameter, else the only stream, else the stream named like the LOAD's target table
   * (how older pipelines chose an API resource). Otherwise a `NotFoundError` listing the streams.
   */
  async chooseStream(sourceName: string, targetTable: string): Promise<StreamDescriptor> {
    const streams = await this.streams(sourceName);
    const config = this.source(sourceName).config as Record<string, unknown>;
    const byName = (n: unknown): StreamDescriptor | undefined =>
      typeof n === 'string' ? streams.find((s) => s.name === n || s.name.toLowerCase() === n.toLowerCase() || s.name.toLowerCase().endsWith(`.${n.toLowerCase()}`)) : undefined;
    const chosen = byName(config.stream) ?? byName(config.table) ?? (streams.length === 1 ? streams[0] : undefined) ?? byName(targetTable);
    if (chosen) return chosen;
    const names = streams.map((s) => s.name);
    const hint = suggest(targetTable, names);
    throw new NotFoundError(
      `SOURCE ${sourceName} offers ${streams.length} streams and none is selected for LOAD ${targetTable}: set "stream" in its PARAMS to one of ${names.slice(0, 20).join(', ')}${names.length > 20 ? ', ...' : ''}${hint ? ` (did you mean "${hint}"?)` : ''}`,
    );
  }

  /** Closes every opened session; errors are logged, not thrown. */
  async closeAll(): Promise<void> {
    const entries = [...this.open.entries()];
    this.open.clear();
    await Promise.all(
      entries.map(async ([name, entry]) => {
        try {
          await (await entry).session.close();
        } catch (error) {
          this.context.logger.warn(`closing SOURCE ${name} failed: ${(error as Error).message}`);
        }
      }),
    );
  }

  private entry(name: string): Promise<OpenSource> {
    const key = name.toLowerCase();
    let entry = this.open.get(key);
    if (!entry) {
      const source = this.source(name);
      const definition = source.definition;
      const config = configForProject(definition, source.config, this.projectDir);
      entry = definition.open(config as never, contextFor(definition, source.name, this.context)).then((session) => ({ session }));
      // A failed open is not cached, so a retried step opens again.
      entry.catch(() => this.open.delete(key));
      this.open.set(key, entry);
    }
    return entry;
  }
}
