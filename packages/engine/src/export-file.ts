import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { ConfigError, DataError } from '@sqlflow/core';
import { quoteLiteral } from './sql-names';

/** File formats DuckDB writes itself. `json` is one array; `jsonl` is one object per line. */
export type ExportFormat = 'csv' | 'parquet' | 'json' | 'jsonl';

/** Compression codecs; Parquet takes snappy (default), zstd, gzip, uncompressed; CSV/JSON take gzip, zstd, uncompressed. */
export type ExportCompression = 'snappy' | 'zstd' | 'gzip' | 'uncompressed';

/** Options of `Engine.exportFile`. */
export interface ExportFileOptions {
  readonly path: string;
  readonly format: ExportFormat;
  readonly compression?: ExportCompression;
  /** Extra `COPY` options passed through, e.g. `{ delimiter: ';' }` or `{ row_group_size: 100000 }`. */
  readonly options?: Readonly<Record<string, string | number | boolean>>;
}

/** What an export wrote. */
export interface ExportFileResult {
  readonly path: string;
  readonly format: ExportFormat;
  readonly rows: number;
  readonly bytes: number;
  readonly durationMs: number;
}

const CODECS: Record<ExportFormat, readonly ExportCompression[]> = {
  parquet: ['snappy', 'zstd', 'gzip', 'uncompressed'],
  csv: ['gzip', 'zstd', 'uncompressed'],
  json: ['gzip', 'zstd', 'uncompressed'],
  jsonl: ['gzip', 'zstd', 'uncompressed'],
};

function copyOptions(o: ExportFileOptions): string {
  const parts: string[] = [];
  switch (o.format) {
    case 'csv':
      parts.push('FORMAT csv', 'HEADER true');
      break;
    case 'parquet':
      parts.push('FORMAT parquet');
      break;
    case 'json':
      parts.push('FORMAT json', 'ARRAY true');
      break;
    case 'jsonl':
      parts.push('FORMAT json');
      break;
    default:
      throw new ConfigError(`Unknown export format "${String(o.format)}"; use csv, parquet, json or jsonl`);
  }
  if (o.compression) {
    if (!CODECS[o.format].includes(o.compression)) {
      throw new ConfigError(`Compression "${o.compression}" is not available for ${o.format}; use one of ${CODECS[o.format].join(', ')}`);
    }
    parts.push(`COMPRESSION ${o.compression === 'uncompressed' && o.format !== 'parquet' ? 'none' : o.compression}`);
  }
  for (const [key, value] of Object.entries(o.options ?? {})) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new ConfigError(`Export option "${key}" is not a valid COPY option name`);
    parts.push(`${key} ${typeof value === 'string' ? quoteLiteral(value) : String(value)}`);
  }
  return parts.join(', ');
}

/** Strips trailing semicolons so the SELECT can sit inside `COPY (...)`. */
export function selectBody(sql: string): string {
  const body = sql.trim().replace(/;+\s*$/, '');
  if (!body) throw new ConfigError('The export query is empty; give a SELECT');
  return body;
}

/**
 * Writes a query's result with DuckDB's `COPY (SELECT ...) TO`: into a temporary name in the
 * target directory (created when missing), renamed into place only when complete, so a failed
 * export leaves no partial file.
 */
export async function exportFile(connection: DuckDBConnection, sql: string, options: ExportFileOptions): Promise<ExportFileResult> {
  const started = Date.now();
  const path = resolve(options.path);
  const copy = copyOptions(options);
  await mkdir(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${basename(path)}.${randomUUID().slice(0, 8)}.tmp`);
  try {
    const result = await connection.run(`COPY (${selectBody(sql)}) TO ${quoteLiteral(temp)} (${copy})`);
    await rename(temp, path);
    return { path, format: options.format, rows: result.rowsChanged, bytes: (await stat(path)).size, durationMs: Date.now() - started };
  } catch (cause) {
    await rm(temp, { force: true, recursive: true });
    if (cause instanceof ConfigError) throw cause;
    throw new DataError(`Export to ${path} failed: ${(cause as Error).message}`, { cause, location: path });
  }
}
