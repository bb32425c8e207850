import { ConfigError, parseDuration } from '@sqlflow/core';
import { type Engine, parseTableName } from '@sqlflow/engine';
import type { ResolvedCreateTable } from '../language/resolved';

/** What a SQL step did. */
export interface SqlStepResult {
  readonly rows: number;
  /** The statements sent to DuckDB, in order (for traces). */
  readonly statements: readonly string[];
}

function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

async function tableExists(engine: Engine, schema: string, name: string): Promise<boolean> {
  const rows = await engine.query(
    `SELECT 1 AS present FROM information_schema.tables WHERE lower(table_schema) = lower(${quoteLiteral(schema)}) AND lower(table_name) = lower(${quoteLiteral(name)})`,
  );
  return rows.length > 0;
}

async function inTransaction(engine: Engine, statements: readonly string[]): Promise<number> {
  await engine.run('BEGIN TRANSACTION');
  let rows = 0;
  try {
    for (const s of statements) rows = await engine.run(s);
    await engine.run('COMMIT');
    return rows;
  } catch (error) {
    await engine.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * Runs `CREATE [OR REPLACE] TABLE t [MODE ...] AS <query>`. Pipelines are re-run, so a plain
 * CREATE TABLE replaces the table too. MODE APPEND inserts by column name; MODE UPSERT
 * deletes rows whose keys come again and inserts the new ones; MODE INCREMENTAL BY col
 * [LOOKBACK 'x'] re-computes only rows with col >= max(col) - lookback. Each runs in one
 * transaction, so readers see the table before or after, never half-way.
 */
export async function runSqlStep(statement: ResolvedCreateTable, engine: Engine): Promise<SqlStepResult> {
  const target = parseTableName(statement.table);
  const query = statement.sql.trim().replace(/;\s*$/, '');
  const exists = statement.mode.kind === 'replace' ? false : await tableExists(engine, target.schema, target.name);
  const statements: string[] = [];
  if (target.schema !== 'main') statements.push(`CREATE SCHEMA IF NOT EXISTS "${target.schema.replace(/"/g, '""')}"`);
  if (!exists) {
    statements.push(`CREATE OR REPLACE TABLE ${target.sql} AS ${query}`);
  } else {
    switch (statement.mode.kind) {
      case 'append':
        statements.push(`INSERT INTO ${target.sql} BY NAME ${query}`);
        break;
      case 'upsert': {
        const keys = statement.mode.keys;
        if (keys.length === 0) throw new ConfigError(`CREATE TABLE ${statement.table} MODE UPSERT needs KEY (column, ...)`, { parameter: 'KEY' });
        const cols = keys.map((k) => `"${k.replace(/"/g, '""')}"`).join(', ');
        statements.push(
          `CREATE OR REPLACE TEMP TABLE __sqlflow_upsert AS ${query}`,
          `DELETE FROM ${target.sql} WHERE (${cols}) IN (SELECT ${cols} FROM __sqlflow_upsert)`,
          `INSERT INTO ${target.sql} BY NAME SELECT * FROM __sqlflow_upsert`,
          'DROP TABLE __sqlflow_upsert',
        );
        break;
      }
      case 'incremental': {
        const by = statement.mode.by;
        if (!by) throw new ConfigError(`CREATE TABLE ${statement.table} MODE INCREMENTAL needs BY column`, { parameter: 'BY' });
        const col = `"${by.replace(/"/g, '""')}"`;
        const seconds = statement.mode.lookback ? parseDuration(statement.mode.lookback, 'LOOKBACK') : 0;
        const bound = `(SELECT max(${col}) - INTERVAL ${Math.round(seconds)} SECOND FROM ${target.sql})`;
        statements.push(
          `CREATE OR REPLACE TEMP TABLE __sqlflow_bound AS SELECT ${bound} AS b`,
          `DELETE FROM ${target.sql} WHERE ${col} >= (SELECT b FROM __sqlflow_bound)`,
          `INSERT INTO ${target.sql} BY NAME SELECT * FROM (${query}) AS q WHERE q.${col} >= (SELECT b FROM __sqlflow_bound) OR (SELECT b FROM __sqlflow_bound) IS NULL`,
          'DROP TABLE __sqlflow_bound',
        );
        break;
      }
      default:
        statements.push(`CREATE OR REPLACE TABLE ${target.sql} AS ${query}`);
    }
  }
  const changed = statements.length === 1 ? await engine.run(statements[0]!) : await inTransaction(engine, statements);
  // DuckDB reports no count for CREATE TABLE AS; the table's size is what a user wants to see.
  const rows = changed > 0 ? changed : Number((await engine.query(`SELECT count(*) AS n FROM ${target.sql}`))[0]?.n ?? 0);
  return { rows, statements };
}
