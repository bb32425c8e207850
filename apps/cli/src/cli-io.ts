/** Where the CLI reads its surroundings and writes its output; tests pass their own. */
export interface CliIo {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** True when stderr is a terminal: progress is drawn in place. */
  readonly isTTY: boolean;
  out(text: string): void;
  err(text: string): void;
}

/** The real process's I/O. */
export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    env: process.env,
    isTTY: Boolean(process.stderr.isTTY),
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  };
}
