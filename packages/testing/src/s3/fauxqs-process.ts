import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TransientError } from '@sqlflow/core';

/** A fauxqs server running in a child process, listening on 127.0.0.1. */
export interface FauxqsProcess {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

// fauxqs is ESM-only; a child process keeps it out of the caller's module system (Jest's
// CommonJS sandbox included). It listens on 127.0.0.1 only and exits when stdin closes.
const CHILD_SCRIPT = `
const { buildApp } = await import(process.argv[1]);
const app = buildApp({ logger: false });
const address = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(JSON.stringify({ address }) + '\\n');
process.stdin.on('end', () => { app.close().finally(() => process.exit(0)); });
process.stdin.resume();
`;

/** The file URL of fauxqs's programmatic entry, found through Node's module search paths. */
export function fauxqsEntry(): string {
  const searched = [...(require.resolve.paths('fauxqs') ?? []), join(process.cwd(), 'node_modules')];
  for (const dir of searched) {
    const app = join(dir, 'fauxqs', 'dist', 'app.js');
    if (existsSync(app)) return pathToFileURL(app).href;
  }
  let dir = __dirname;
  while (dirname(dir) !== dir) {
    const app = join(dir, 'node_modules', 'fauxqs', 'dist', 'app.js');
    if (existsSync(app)) return pathToFileURL(app).href;
    dir = dirname(dir);
  }
  throw new TransientError('S3 test server: the `fauxqs` package is not installed; add it to your devDependencies');
}

/** Starts fauxqs on a free port of 127.0.0.1 and resolves once it listens. */
export async function startFauxqsProcess(): Promise<FauxqsProcess> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD_SCRIPT, fauxqsEntry()], { stdio: ['pipe', 'pipe', 'pipe'] });
  const address = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) {
        try {
          resolve((JSON.parse(line) as { address: string }).address);
        } catch (e) {
          reject(new TransientError(`S3 test server: unexpected output from fauxqs: ${line}`, { cause: e }));
        }
      }
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.once('exit', (code) => reject(new TransientError(`S3 test server: fauxqs exited with code ${code} before listening: ${err.trim()}`)));
    child.once('error', (e) => reject(new TransientError(`S3 test server: could not start fauxqs: ${e.message}`, { cause: e })));
  });
  const port = Number(new URL(address).port);
  return { url: `http://127.0.0.1:${port}`, port, stop: () => stopChild(child) };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.stdin!.end();
  });
}
