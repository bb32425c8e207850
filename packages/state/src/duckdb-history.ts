import type { DuckDBConnection } from '@duckdb/node-api';
import { isWatermarkValue, type WatermarkValue } from '@sqlflow/core';
import { selectRows, type JsRow } from './duckdb-sql';
import { STATE_TABLES } from './state-schema';
import type { RunRecord, RunStatus, StreamRunRecord } from './state-store';

function optionalString(value: unknown): string | undefined {
  return value === null || value === undefined ? undefined : String(value);
}

function optionalDate(value: unknown): Date | undefined {
  return value instanceof Date ? value : undefined;
}

/** Parses a watermark stored as JSON text in the history tables (JSON keeps its type). */
export function parseStoredWatermark(text: unknown): WatermarkValue | undefined {
  if (typeof text !== 'string') return undefined;
  const value: unknown = JSON.parse(text);
  return isWatermarkValue(value) ? value : undefined;
}

function streamFromRow(row: JsRow): StreamRunRecord {
  return {
    runId: String(row['run_id']),
    pipeline: String(row['pipeline']),
    source: String(row['source']),
    stream: String(row['stream']),
    table: String(row['target_table']),
    mode: String(row['mode']),
    status: String(row['status']) as RunStatus,
    startedAt: row['started_at'] as Date,
    finishedAt: optionalDate(row['finished_at']),
    rows: Number(row['rows']),
    bytes: Number(row['bytes']),
    watermarkBefore: parseStoredWatermark(row['watermark_before']),
    watermarkAfter: parseStoredWatermark(row['watermark_after']),
    error: optionalString(row['error']),
  };
}

/** Reads the newest `limit` runs of a pipeline with their streams. */
export async function readHistory(connection: DuckDBConnection, pipeline: string, limit: number): Promise<RunRecord[]> {
  const runs = await selectRows(
    connection,
    `SELECT * FROM ${STATE_TABLES.runs} WHERE pipeline = $1 ORDER BY started_at DESC, run_id DESC LIMIT ${Math.max(1, Math.floor(limit))}`,
    [pipeline],
  );
  if (runs.length === 0) return [];
  const oldest = runs[runs.length - 1]!['started_at'] as Date;
  const streams = await selectRows(
    connection,
    `SELECT * FROM ${STATE_TABLES.streamRuns} WHERE pipeline = $1 AND started_at >= CAST($2 AS TIMESTAMPTZ) ORDER BY started_at, stream`,
    [pipeline, oldest.toISOString()],
  );
  return runs.map((row) => {
    const own = streams.filter((s) => s['run_id'] === row['run_id']).map(streamFromRow);
    return {
      runId: String(row['run_id']),
      pipeline: String(row['pipeline']),
      status: String(row['status']) as RunStatus,
      startedAt: row['started_at'] as Date,
      finishedAt: optionalDate(row['finished_at']),
      rows: own.reduce((n, s) => n + s.rows, 0),
      bytes: own.reduce((n, s) => n + s.bytes, 0),
      error: optionalString(row['error']),
      pid: Number(row['pid']),
      host: String(row['host']),
      streams: own,
    };
  });
}
