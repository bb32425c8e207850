import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { NotFoundError } from '@sqlflow/core';
import { Engine } from '@sqlflow/engine';
import { defaultDatabasePath, loadProfile, pipelineNameFor, projectDirFor } from '@sqlflow/pipeline';
import type { CliIo } from '../cli-io';
import { EXIT } from '../exit-codes';

/** Flags shared by the `state` commands. */
export interface StateFlags {
  readonly profile?: string;
  readonly database?: string;
  readonly json?: boolean;
}

function databaseFor(pipelineFile: string, flags: StateFlags, io: CliIo): string {
  if (flags.database) return resolve(io.cwd, flags.database);
  const projectDir = projectDirFor(pipelineFile);
  const name = flags.profile ?? 'dev';
  const has = existsSync(resolve(projectDir, 'profiles', `${name}.yml`)) || existsSync(resolve(projectDir, 'profiles', `${name}.yaml`));
  if (flags.profile !== undefined || has) return loadProfile({ projectDir, name, env: io.env }).engine.path;
  return defaultDatabasePath(projectDir);
}

async function withEngine<T>(file: string, flags: StateFlags, io: CliIo, work: (engine: Engine, pipeline: string) => Promise<T>): Promise<T> {
  const path = resolve(io.cwd, file);
  const database = databaseFor(path, flags, io);
  if (database !== ':memory:' && !existsSync(database)) {
    throw new NotFoundError(`no state yet for ${pipelineNameFor(path)}: the database ${database} does not exist (run the pipeline first)`);
  }
  const engine = await Engine.open({ path: database });
  try {
    return await work(engine, pipelineNameFor(path));
  } finally {
    await engine.close();
  }
}

/** `sqlflow state show <pipeline>`: the committed watermarks. */
export async function stateShow(file: string, flags: StateFlags, io: CliIo): Promise<number> {
  return withEngine(file, flags, io, async (engine, pipeline) => {
    const marks = await engine.state.listWatermarks(pipeline);
    if (flags.json) io.out(JSON.stringify({ pipeline, watermarks: marks }, null, 2) + '\n');
    else if (marks.length === 0) io.out(`${pipeline}: no watermarks (no incremental load has committed yet)\n`);
    else {
      io.out(`${pipeline}: ${marks.length} watermark(s)\n`);
      for (const m of marks) {
        io.out(`  ${m.key.source}.${m.key.stream} -> ${m.key.table} on ${m.key.cursorField}: ${m.value.value} (${m.value.type}), updated ${m.updatedAt.toISOString()}\n`);
      }
    }
    return EXIT.ok;
  });
}

/** `sqlflow state history <pipeline>`: recent runs with their streams. */
export async function stateHistory(file: string, flags: StateFlags & { limit?: string }, io: CliIo): Promise<number> {
  return withEngine(file, flags, io, async (engine, pipeline) => {
    const runs = await engine.state.history(pipeline, { limit: flags.limit ? Number(flags.limit) : 20 });
    if (flags.json) io.out(JSON.stringify({ pipeline, runs }, null, 2) + '\n');
    else if (runs.length === 0) io.out(`${pipeline}: no runs recorded\n`);
    else {
      for (const r of runs) {
        const ms = r.finishedAt ? r.finishedAt.getTime() - r.startedAt.getTime() : undefined;
        io.out(`${r.startedAt.toISOString()}  ${r.status.padEnd(11)} ${String(r.rows).padStart(10)} rows  ${ms === undefined ? '' : `${ms} ms`}  ${r.runId}${r.error ? `\n    error: ${r.error}` : ''}\n`);
        for (const s of r.streams) {
          io.out(`    ${s.source}.${s.stream} -> ${s.table} [${s.mode}] ${s.status} ${s.rows} rows, watermark ${s.watermarkBefore?.value ?? '(none)'} -> ${s.watermarkAfter?.value ?? '(none)'}\n`);
        }
      }
    }
    return EXIT.ok;
  });
}

/** `sqlflow state reset <pipeline> [--source] [--stream] [--table]`: forget watermarks. */
export async function stateReset(file: string, flags: StateFlags & { source?: string; stream?: string; table?: string }, io: CliIo): Promise<number> {
  return withEngine(file, flags, io, async (engine, pipeline) => {
    const removed = await engine.state.reset({ pipeline, source: flags.source, stream: flags.stream, table: flags.table });
    if (flags.json) io.out(JSON.stringify({ pipeline, removed }) + '\n');
    else io.out(`${pipeline}: removed ${removed} watermark(s); the next run reads those streams from the start\n`);
    return EXIT.ok;
  });
}
