/** The schema that holds SQLFlow's own tables inside the pipeline's DuckDB database. */
export const STATE_SCHEMA = 'sqlflow';

/** Fully qualified names of the state tables. */
export const STATE_TABLES = {
  watermarks: `${STATE_SCHEMA}.watermarks`,
  boundaryRows: `${STATE_SCHEMA}.boundary_rows`,
  runs: `${STATE_SCHEMA}.runs`,
  streamRuns: `${STATE_SCHEMA}.stream_runs`,
  locks: `${STATE_SCHEMA}.locks`,
  meta: `${STATE_SCHEMA}.meta`,
} as const;

/** Version of the table layout below; stored in `sqlflow.meta`. */
export const STATE_SCHEMA_VERSION = 1;

/**
 * DDL of the state tables (idempotent). Watermark values are stored in one typed column per
 * watermark type (`value_int HUGEINT`, `value_timestamp TIMESTAMPTZ`, ...), never as a lossy
 * string. Boundary rows hold the identity (md5 of the row) of rows already loaded whose cursor
 * lies in the re-read window, with their multiplicity.
 */
export const STATE_DDL: readonly string[] = [
  `CREATE SCHEMA IF NOT EXISTS ${STATE_SCHEMA}`,
  `CREATE TABLE IF NOT EXISTS ${STATE_TABLES.meta} (key VARCHAR PRIMARY KEY, value VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS ${STATE_TABLES.watermarks} (
    key_id VARCHAR NOT NULL, pipeline VARCHAR NOT NULL, source VARCHAR NOT NULL, stream VARCHAR NOT NULL,
    target_table VARCHAR NOT NULL, cursor_field VARCHAR NOT NULL, value_type VARCHAR NOT NULL,
    value_int HUGEINT, value_float DOUBLE, value_string VARCHAR, value_timestamp TIMESTAMPTZ, value_date DATE,
    lookback_window DOUBLE NOT NULL DEFAULT 0, run_id VARCHAR, updated_at TIMESTAMPTZ NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS ${STATE_TABLES.boundaryRows} (
    key_id VARCHAR NOT NULL, row_hash UHUGEINT NOT NULL, n BIGINT NOT NULL,
    cursor_int HUGEINT, cursor_float DOUBLE, cursor_string VARCHAR, cursor_timestamp TIMESTAMPTZ, cursor_date DATE)`,
  `CREATE TABLE IF NOT EXISTS ${STATE_TABLES.runs} (
    run_id VARCHAR NOT NULL, pipeline VARCHAR NOT NULL, status VARCHAR NOT NULL, started_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ, error VARCHAR, pid INTEGER NOT NULL, host VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS ${STATE_TABLES.streamRuns} (
    run_id VARCHAR NOT NULL, pipeline VARCHAR NOT NULL, source VARCHAR NOT NULL, stream VARCHAR NOT NULL,
    target_table VARCHAR NOT NULL, mode VARCHAR NOT NULL, status VARCHAR NOT NULL, started_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ, rows BIGINT NOT NULL DEFAULT 0, bytes BIGINT NOT NULL DEFAULT 0,
    watermark_before VARCHAR, watermark_after VARCHAR, error VARCHAR)`,
  // A stream retried within one run continues its record; rows and bytes of earlier attempts
  // are kept in these bases (added in place to databases created before them).
  `ALTER TABLE ${STATE_TABLES.streamRuns} ADD COLUMN IF NOT EXISTS rows_base BIGINT DEFAULT 0`,
  `ALTER TABLE ${STATE_TABLES.streamRuns} ADD COLUMN IF NOT EXISTS bytes_base BIGINT DEFAULT 0`,
  `CREATE TABLE IF NOT EXISTS ${STATE_TABLES.locks} (
    pipeline VARCHAR PRIMARY KEY, run_id VARCHAR NOT NULL, pid INTEGER NOT NULL, host VARCHAR NOT NULL,
    acquired_at TIMESTAMPTZ NOT NULL, heartbeat_at TIMESTAMPTZ NOT NULL)`,
];
