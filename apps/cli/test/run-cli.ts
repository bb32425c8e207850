import { execFile } from 'node:child_process';
import { join } from 'node:path';

/** The built CLI entry point (tests run after `nx build`, see package.json nx.targets.test). */
export const CLI = join(__dirname, '..', 'bin', 'sqlflow.js');

/** What a CLI process did. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `sqlflow <args>` as a subprocess in `cwd`. */
export function runCli(args: readonly string[], options: { cwd: string; env?: Record<string, string> }): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: options.cwd, env: { ...process.env, ...options.env, FORCE_COLOR: '0' }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
