import { ConfigError, type CsvScanOptions, type FileScan } from '@sqlflow/core';
import { castCursor, watermarkLiteral } from './checkpoint-sql';
import type { ColumnPlan } from './column-plan';
import { quoteIdent, quoteLiteral } from './sql-names';

const listOf = (values: readonly string[]): string => `[${values.map(quoteLiteral).join(', ')}]`;

const ZONED = 'TIMESTAMP WITH TIME ZONE';

/**
 * Timestamp columns are read as text and cast in the SELECT: DuckDB's CSV reader turns
 * unparseable TIMESTAMPTZ text into NULL instead of failing, and a TIMESTAMP column would drop
 * a text offset such as `+02:00`; a cast to TIMESTAMPTZ (the session is UTC) does neither.
 */
function castFromText(plan: ColumnPlan): string | undefined {
  if (plan.sqlType === ZONED) return ZONED;
  if (plan.sqlType === 'TIMESTAMP') return ZONED;
  return undefined;
}

function readType(plan: ColumnPlan): string {
  return castFromText(plan) ? 'VARCHAR' : plan.sqlType;
}

/** `CAST(expression AS <text cast>)`: how a text-read column becomes its type (TRY_CAST when `lenient`). */
function typed(plan: ColumnPlan, expression: string, lenient = false): string {
  const via = castFromText(plan);
  if (!via) return expression;
  const cast = `${lenient ? 'TRY_CAST' : 'CAST'}(${expression} AS ${via})`;
  return via === plan.sqlType ? cast : `CAST(${cast} AS ${plan.sqlType})`;
}

function csvReader(paths: readonly string[], csv: CsvScanOptions, plans: readonly ColumnPlan[], withFilename = false): string {
  const names = csv.columnNames ?? plans.map((p) => p.name);
  if (names.length !== plans.length) {
    throw new ConfigError(`file scan: ${names.length} column names for ${plans.length} schema fields; the scan must name every column once`);
  }
  const columns = plans.map((p, i) => `${quoteLiteral(names[i]!)}: ${quoteLiteral(readType(p))}`).join(', ');
  const options = [
    'auto_detect = false',
    `header = ${csv.header}`,
    `delim = ${quoteLiteral(csv.delimiter)}`,
    `quote = ${quoteLiteral(csv.quote)}`,
    `escape = ${quoteLiteral(csv.escape)}`,
    `skip = ${csv.skipRows}`,
    `compression = ${quoteLiteral(csv.compression)}`,
    'strict_mode = true',
    `columns = {${columns}}`,
  ];
  if (csv.nullValues.length > 0) options.push(`nullstr = ${listOf(csv.nullValues)}`);
  if (csv.comment !== undefined) options.push(`comment = ${quoteLiteral(csv.comment)}`);
  if (withFilename) options.push('filename = true');
  return `read_csv(${listOf(paths)}, ${options.join(', ')})`;
}

/**
 * `SELECT <columns> FROM read_csv(...) | read_parquet(...) [WHERE cursor >= bound]`: the rows
 * of a file scan with the schema's names and types, in file order (DuckDB preserves insertion
 * order), keeping only rows at or above the cursor's lower bound.
 */
export function fileScanSelect(scan: FileScan, plans: readonly ColumnPlan[]): string {
  let from: string;
  if (scan.format === 'csv') {
    if (!scan.csv) throw new ConfigError('file scan: a csv scan needs its `csv` options');
    from = csvReader(scan.paths, scan.csv, plans);
  } else if (scan.format === 'parquet') {
    from = `read_parquet(${listOf(scan.paths)})`;
  } else {
    throw new ConfigError(`file scan: format ${scan.format} is not supported by the engine; read the stream instead`);
  }
  const names = scan.format === 'csv' ? scan.csv?.columnNames ?? plans.map((p) => p.name) : plans.map((p) => p.name);
  const select = plans.map((p, i) => {
    const source = quoteIdent(names[i]!);
    const value = scan.format === 'csv' ? typed(p, source) : `CAST(${source} AS ${p.sqlType})`;
    return `${value} AS ${quoteIdent(p.name)}`;
  });
  const bound = scan.cursor?.lowerBound;
  const where = scan.cursor && bound ? ` WHERE ${castCursor(quoteIdent(names[plans.findIndex((p) => p.name === scan.cursor!.field)]!), bound.type)} >= ${watermarkLiteral(bound)}` : '';
  return `SELECT ${select.join(', ')} FROM ${from}${where}`;
}

/**
 * For a CSV scan whose SELECT failed in a cast: a query for the first text that does not cast,
 * as rows of (filename, column, value), to name the file and value in the error.
 */
export function fileScanProbe(scan: FileScan, plans: readonly ColumnPlan[]): string | undefined {
  if (scan.format !== 'csv' || !scan.csv) return undefined;
  const names = scan.csv.columnNames ?? plans.map((p) => p.name);
  const checks = plans
    .map((p, i) => ({ p, name: names[i]! }))
    .filter(({ p }) => castFromText(p) !== undefined)
    .map(({ p, name }) => `SELECT filename, ${quoteLiteral(p.name)} AS column_name, ${quoteIdent(name)} AS value FROM scan
        WHERE ${quoteIdent(name)} IS NOT NULL AND ${typed(p, quoteIdent(name), true)} IS NULL`);
  if (checks.length === 0) return undefined;
  return `WITH scan AS (SELECT * FROM ${csvReader(scan.paths, scan.csv, plans, true)}) ${checks.join(' UNION ALL ')} LIMIT 1`;
}
