import { DataError, LimitExceededError, type Logger } from '@sqlflow/core';
import type { CsvOptions } from './csv-config';

const LINES_SHOWN = 5;

/**
 * Applies `on_error` to malformed rows: `fail` throws `DataError` with `file:line`; `skip`
 * counts them, logs one warning per file (count and first line numbers), and throws
 * `LimitExceededError` once more than `max_errors` rows were skipped.
 */
export class CsvRowErrors {
  /** Rows skipped so far in this read. */
  total = 0;
  private fileCount = 0;
  private fileLines: number[] = [];

  constructor(
    private readonly options: CsvOptions,
    private readonly logger: Logger,
  ) {}

  /** Handles one malformed row of `file` starting at `line`; `what` says what is wrong. */
  report(file: string, line: number, what: string): void {
    const location = `${file}:${line}`;
    if (this.options.onError === 'fail') {
      throw new DataError(`${location}: ${what} (set "on_error": "skip" to skip such rows)`, { location, details: { file, line } });
    }
    this.total++;
    this.fileCount++;
    // The parser runs ahead of the rows being converted, so problems can arrive out of order.
    if (this.fileLines.length < LINES_SHOWN || line < this.fileLines[LINES_SHOWN - 1]!) {
      this.fileLines = [...this.fileLines, line].sort((a, b) => a - b).slice(0, LINES_SHOWN);
    }
    const max = this.options.maxErrors;
    if (max !== undefined && this.total > max) {
      throw new LimitExceededError(`csv: more than ${max} malformed rows (\`max_errors\`); the last at ${location}: ${what}`, {
        details: { file, line, maxErrors: max },
      });
    }
  }

  /** Logs the warning for `file` if rows were skipped in it, and starts counting the next file. */
  endFile(file: string): void {
    if (this.fileCount > 0) {
      const more = this.fileCount > this.fileLines.length ? ', ...' : '';
      this.logger.warn(`csv: skipped ${this.fileCount} malformed row${this.fileCount === 1 ? '' : 's'} in ${file} (line ${this.fileLines.join(', ')}${more})`, {
        file,
        skippedRows: this.fileCount,
        lines: [...this.fileLines],
      });
    }
    this.fileCount = 0;
    this.fileLines = [];
  }
}
