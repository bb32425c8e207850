import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { ConfigError, NotFoundError } from '@sqlflow/core';
import { glob, isDynamicPattern } from 'tinyglobby';

/** True when `path` is a glob pattern rather than one file name. */
export function isGlob(path: string): boolean {
  return isDynamicPattern(path);
}

/** The default stream name: the file name without `.gz` and its extension, or `csv` for a glob. */
export function defaultStreamName(path: string): string {
  if (isGlob(path)) return 'csv';
  const name = basename(path).replace(/\.gz$/i, '');
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/**
 * The files `path` names, absolute and in sorted order: the matches of a glob, or the one file.
 * Throws `NotFoundError` naming the path and the working directory when nothing matches.
 */
export async function listCsvFiles(path: string, cwd: string): Promise<string[]> {
  if (isGlob(path)) {
    const files = await glob(path, { cwd, absolute: true, onlyFiles: true, expandDirectories: false });
    if (files.length === 0) {
      throw new NotFoundError(`csv: no file matches \`path\` "${path}" (working directory ${cwd}); check the pattern or use an absolute path`, {
        details: { path, cwd },
      });
    }
    return files.map((f) => resolve(f)).sort();
  }
  const file = resolve(cwd, path);
  let info;
  try {
    info = await stat(file);
  } catch (cause) {
    throw new NotFoundError(`csv: file "${path}" not found (working directory ${cwd}); check \`path\``, { cause, details: { path, cwd } });
  }
  if (info.isDirectory()) {
    throw new ConfigError(`csv: \`path\` "${path}" is a directory; use a glob such as "${path.replace(/\/$/, '')}/*.csv"`, { connector: 'csv', parameter: 'path' });
  }
  return [file];
}
