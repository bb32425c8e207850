import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { CliIo } from '../cli-io';
import { EXIT } from '../exit-codes';

function findPipelines(dir: string, depth = 0): string[] {
  if (depth > 4 || !existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    if (entry === 'node_modules' || entry.startsWith('.') || entry === 'target') continue;
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...findPipelines(full, depth + 1));
    else if (entry.endsWith('.sf')) out.push(full);
  }
  return out;
}

/** `sqlflow list [dir]`: the pipeline files of a project. */
export async function listCommand(dir: string | undefined, flags: { json?: boolean }, io: CliIo): Promise<number> {
  const root = resolve(io.cwd, dir ?? '.');
  const files = findPipelines(root);
  if (flags.json) io.out(JSON.stringify(files.map((f) => ({ name: f.replace(/^.*\//, '').replace(/\.sf$/, ''), file: relative(io.cwd, f) })), null, 2) + '\n');
  else if (files.length === 0) io.out(`no pipelines (*.sf) under ${root}\n`);
  else for (const f of files) io.out(`${f.replace(/^.*\//, '').replace(/\.sf$/, '').padEnd(28)} ${relative(io.cwd, f)}\n`);
  return EXIT.ok;
}
