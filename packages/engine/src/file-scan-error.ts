import { DataError, type FileScan, isSqlflowError } from '@sqlflow/core';

const FILE = /^\s*file = (.+)$/m;
const LINE = /CSV Error on Line: (\d+)/;

/**
 * Turns a DuckDB reader failure into a `DataError` that names the file and keeps DuckDB's own
 * explanation (line number and original line), with the hint that reads through the connector.
 */
export function fileScanError(error: unknown, scan: FileScan, culprit?: { file: string; column: string; value: string }): unknown {
  // DuckDB's errors may come from another realm (jest), so no `instanceof Error` here.
  const message = (error as { message?: unknown } | null)?.message;
  if (isSqlflowError(error) || typeof message !== 'string') return error;
  if (!/CSV Error|Conversion Error|Invalid Input Error|IO Error|Parquet/i.test(message)) return error;
  if (culprit) {
    return new DataError(
      `${culprit.file}: column \`${culprit.column}\`: ${JSON.stringify(culprit.value)} is not a valid value of its type (DuckDB: ${message.split('\n')[0]})\n` +
        '(set "on_error": "skip" on the source to skip malformed rows; the rows are then read through the connector)',
      { cause: error, location: culprit.file, details: { ...culprit } },
    );
  }
  const named = FILE.exec(message)?.[1]?.trim();
  const file = scan.paths.find((p) => named !== undefined && (p === named || p.endsWith(`/${named}`))) ?? named ?? (scan.paths.length === 1 ? scan.paths[0]! : `one of ${scan.paths.length} files`);
  const line = LINE.exec(message)?.[1];
  const location = line ? `${file}:${line}` : file;
  const explanation = message.split(/\n\s*Possible (?:fixes|solutions):/)[0]!.trim();
  return new DataError(
    `${location}: DuckDB could not read the ${scan.format.toUpperCase()} file: ${explanation}\n` +
      '(set "on_error": "skip" on the source to skip malformed rows; the rows are then read through the connector)',
    { cause: error, location, details: { file, ...(line ? { line: Number(line) } : {}) } },
  );
}
