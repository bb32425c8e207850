import { existsSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';

/**
 * The project directory of a pipeline file: the nearest directory at or above the file that
 * holds `profiles/`; else the parent of a `pipelines/` directory; else the file's directory.
 * Relative paths in the pipeline resolve against it.
 */
export function projectDirFor(pipelineFile: string): string {
  const start = dirname(resolve(pipelineFile));
  for (let dir = start; ; dir = dirname(dir)) {
    const profiles = join(dir, 'profiles');
    if (existsSync(profiles) && statSync(profiles).isDirectory()) return dir;
    if (dirname(dir) === dir) break;
  }
  return basename(start) === 'pipelines' ? dirname(start) : start;
}

/** The name a pipeline has in state and history: its file name without `.sf`. */
export function pipelineNameFor(pipelineFile: string): string {
  return basename(pipelineFile, extname(pipelineFile));
}

/** Where the DuckDB database lives when no profile names one. */
export function defaultDatabasePath(projectDir: string): string {
  // Not `sqlflow.duckdb`: DuckDB names the catalog after the file, which would clash with the
  // `sqlflow` schema that holds the state tables.
  return join(projectDir, 'target', 'warehouse.duckdb');
}
