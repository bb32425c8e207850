import { isAbsolute, join } from 'node:path';
import { ConfigError, type ConnectorContext, type DestinationSyncMode, resolveConfig, type UsageReport } from '@sqlflow/core';
import type { Engine, ExportCompression, ExportFormat } from '@sqlflow/engine';
import type { ConnectorRegistry } from '../connectors/connector-registry';
import type { ResolvedExport } from '../language/resolved';
import { configForProject, contextFor } from './source-sessions';

/** What an EXPORT step did. */
export interface ExportStepResult {
  readonly rows: number;
  readonly bytes: number | undefined;
  readonly destination: string;
  /** What the destination connector used (requests, bytes, cost), when it reports usage. */
  readonly usage?: UsageReport;
}

const FILE_TYPES = new Set(['csv', 'parquet', 'json', 'jsonl']);
const COMPRESSIONS = new Set(['snappy', 'zstd', 'gzip', 'uncompressed']);

function fileFormat(e: ResolvedExport): ExportFormat {
  if (e.type === 'json' && /\.(jsonl|ndjson)(\.gz)?$/i.test(e.destination)) return 'jsonl';
  return e.type as ExportFormat;
}

function fileOptions(e: ResolvedExport): { compression?: ExportCompression; options: Record<string, string | number | boolean> } {
  const options: Record<string, string | number | boolean> = {};
  let compression: ExportCompression | undefined;
  for (const [key, value] of Object.entries(e.options)) {
    const k = key.toLowerCase();
    if (k === 'compression' || k === 'codec') {
      const c = String(value).toLowerCase();
      if (c === 'none') continue;
      if (!COMPRESSIONS.has(c)) throw new ConfigError(`EXPORT to ${e.destination}: compression "${c}" is unknown; use snappy, zstd, gzip or none`, { parameter: key });
      compression = c as ExportCompression;
    } else if (k === 'header' && e.type === 'csv') {
      if (value === false) options.header = false;
    } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      options[k] = value;
    } else {
      throw new ConfigError(`EXPORT to ${e.destination}: option "${key}" must be a string, number or boolean for ${e.type} files`, { parameter: key });
    }
  }
  return { compression, options };
}

function destinationMode(options: Readonly<Record<string, unknown>>): DestinationSyncMode | undefined {
  const raw = options.write_mode ?? options.mode ?? options.destination_sync_mode;
  switch (typeof raw === 'string' ? raw.toLowerCase() : undefined) {
    case 'append':
      return 'append';
    case 'overwrite':
    case 'replace':
    case 'truncate':
      return 'overwrite';
    case 'upsert':
    case 'merge':
    case 'append_dedup':
      return 'append_dedup';
    default:
      return undefined;
  }
}

function keysOf(options: Readonly<Record<string, unknown>>): string[] | undefined {
  const raw = options.upsert_keys ?? options.primary_key ?? options.merge_keys;
  if (raw === undefined || raw === null) return undefined;
  return (Array.isArray(raw) ? raw.map(String) : String(raw).split(',')).map((k) => k.trim()).filter(Boolean);
}

/**
 * Runs `EXPORT <query> TO "uri" TYPE t OPTIONS {...}`: CSV, Parquet and JSON files through
 * DuckDB's own writers (paths relative to the project), any other TYPE through that
 * destination connector's `write`, streamed as Arrow batches.
 */
export async function runExportStep(
  e: ResolvedExport,
  deps: { engine: Engine; registry: ConnectorRegistry; projectDir: string; context: ConnectorContext },
): Promise<ExportStepResult> {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(e.destination)?.[1]?.toLowerCase();
  if (FILE_TYPES.has(e.type) && (scheme === undefined || scheme === 'file')) {
    const local = e.destination.replace(/^file:\/\//, '');
    const path = isAbsolute(local) ? local : join(deps.projectDir, local);
    const { compression, options } = fileOptions(e);
    const result = await deps.engine.exportFile(e.sql, { path, format: fileFormat(e), compression, options });
    return { rows: result.rows, bytes: result.bytes, destination: result.path };
  }
  // A file TYPE to an object-store URL (`s3://bucket/key.parquet`) goes to that store's connector.
  const type = FILE_TYPES.has(e.type) && scheme ? scheme : e.type;
  const definition = deps.registry.resolve(type, deps.projectDir);
  if (definition.kind === 'source') throw new ConfigError(`EXPORT TYPE ${e.type}: connector "${definition.name}" only reads data and cannot be an export destination`, { parameter: 'TYPE' });
  const { config, warnings } = resolveConfig(definition.name, definition.spec, objectStoreParams(e, scheme));
  const context = contextFor(definition, `export ${e.destination}`, deps.context);
  for (const w of warnings) context.logger.warn(`${definition.name}: ${w.message}`);
  const session = await definition.open(configForProject(definition, config, deps.projectDir) as never, context);
  try {
    const write = session.write;
    if (!write) throw new ConfigError(`connector "${definition.name}" has no write support`, { parameter: 'TYPE' });
    const result = await deps.engine.exportTo(e.sql, (request) => write.call(session, request), {
      stream: e.destination,
      mode: destinationMode(e.options),
      primaryKey: keysOf(e.options),
      options: e.options,
      signal: deps.context.signal,
    });
    return { rows: result.rows, bytes: result.bytes, destination: result.locations?.join(', ') ?? e.destination, usage: session.usage?.() };
  } finally {
    await session.close();
  }
}

/**
 * OPTIONS for an object-store destination: the bucket from an `s3://bucket/...` URL and the
 * file format from a file TYPE, unless OPTIONS name them.
 */
function objectStoreParams(e: ResolvedExport, scheme: string | undefined): Record<string, unknown> {
  const params: Record<string, unknown> = { ...e.options };
  if (scheme !== 's3') return params;
  const bucket = /^s3:\/\/([^/]+)/i.exec(e.destination)?.[1];
  if (bucket && params.bucket === undefined) params.bucket = bucket;
  if (FILE_TYPES.has(e.type) && params.file_format === undefined && params.format === undefined) {
    params.file_format = e.type === 'json' ? 'jsonl' : e.type;
  }
  return params;
}
