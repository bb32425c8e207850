import { resolve } from 'node:path';
import { createRedactor } from '@sqlflow/core';
import { type PipelinePlan, preparePipeline } from '@sqlflow/pipeline';
import { createCliRegistry } from '../builtin-connectors';
import type { CliIo } from '../cli-io';
import { parseCliVars } from '../cli-params';
import { EXIT } from '../exit-codes';

/** Flags of `sqlflow compile` and `sqlflow validate`. */
export interface PrepareFlags {
  readonly profile?: string;
  readonly vars: string[];
  readonly json?: boolean;
}

/** The plan as readable lines: steps by level with their dependencies. */
export function describePlan(plan: PipelinePlan, database: string): string {
  const lines = [`plan for ${plan.file} (database ${database})`];
  plan.levels.forEach((ids, level) => {
    lines.push(`level ${level}:`);
    for (const id of ids) {
      const step = plan.steps.find((s) => s.id === id)!;
      lines.push(`  ${id}${step.dependsOn.length ? `  <- ${step.dependsOn.join(', ')}` : ''}`);
    }
  });
  if (plan.external.length) lines.push(`tables expected to exist already: ${plan.external.join(', ')}`);
  return lines.join('\n') + '\n';
}

/** `sqlflow compile <pipeline>`: the execution plan (DAG) as JSON. */
export async function compileCommand(file: string, flags: PrepareFlags, io: CliIo): Promise<number> {
  const prepared = await preparePipeline(resolve(io.cwd, file), { registry: createCliRegistry(), profile: flags.profile, variables: parseCliVars(flags.vars), env: io.env });
  const redact = createRedactor(prepared.secrets);
  io.out(redact(JSON.stringify(prepared.plan, null, 2)) + '\n');
  return EXIT.ok;
}

/** `sqlflow validate <pipeline>`: every check that runs before data moves, no data moved. */
export async function validateCommand(file: string, flags: PrepareFlags, io: CliIo): Promise<number> {
  const prepared = await preparePipeline(resolve(io.cwd, file), { registry: createCliRegistry(), profile: flags.profile, variables: parseCliVars(flags.vars), env: io.env });
  const redact = createRedactor(prepared.secrets);
  const sources = [...prepared.validated.sources.values()].map((s) => `${s.name} (${s.definition.name})`);
  if (flags.json) {
    io.out(redact(JSON.stringify({ valid: true, file: prepared.file, sources, steps: prepared.plan.steps.length, warnings: prepared.validated.warnings.map((w) => w.message) }, null, 2)) + '\n');
  } else {
    for (const w of prepared.validated.warnings) io.err(redact(`warning: ${w.message}`) + '\n');
    io.out(`valid: ${prepared.file}: ${sources.length} sources (${sources.join(', ') || 'none'}), ${prepared.plan.steps.length} steps\n`);
  }
  return EXIT.ok;
}
