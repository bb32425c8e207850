import { isSqlflowError } from '@sqlflow/core';

/** Exit codes: 0 ok, 1 the run failed, 2 the input (pipeline, parameters, flags) is invalid. */
export const EXIT = { ok: 0, failed: 1, invalid: 2 } as const;

const INVALID_CODES = new Set(['CONFIG_INVALID', 'PIPELINE_SYNTAX', 'PIPELINE_INVALID', 'NOT_FOUND']);

/** The exit code for an error that ended a command. */
export function exitCodeFor(error: unknown): number {
  return isSqlflowError(error) && INVALID_CODES.has(error.code) ? EXIT.invalid : EXIT.failed;
}

/** A failure of the command line itself (unknown flag, missing argument). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
