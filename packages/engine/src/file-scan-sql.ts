import { ConfigError, type CsvScanOptions, type FileScan } from '@sqlflow/core';
import { castCursor, watermarkLiteral } from './checkpoint-sql';
import type { ColumnPlan } from './column-plan';
import { quoteIdent, quoteLiteral } from './sql-names';

const listOf = (values: readonly string[]): string => `[${values.map(quoteLiteral).join(', ')}]`;

/**
 * The DuckDB type a file column is read as. TIMESTAMP columns are read as TIMESTAMPTZ (the
 * session is UTC) and cast back, so a text offset such as `+02:00` is applied, not dropped.
 */
function readType(plan: ColumnPlan): string {
  return plan.sqlType === 'TIMESTAMP' ? 'TIMESTAMPTZ' : plan.sqlType;
}

function csvReader(paths: readonly string[], csv: CsvScanOptions, plans: readonly ColumnPlan[]): string {
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
    const value = p.sqlType === 'TIMESTAMP' || scan.format !== 'csv' ? `CAST(${source} AS ${p.sqlType})` : source;
    return `${value} AS ${quoteIdent(p.name)}`;
  });
  const bound = scan.cursor?.lowerBound;
  const where = scan.cursor && bound ? ` WHERE ${castCursor(quoteIdent(names[plans.findIndex((p) => p.name === scan.cursor!.field)]!), bound.type)} >= ${watermarkLiteral(bound)}` : '';
  return `SELECT ${select.join(', ')} FROM ${from}${where}`;
}
