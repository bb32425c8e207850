import { diagnosticAt, type PipelineDiagnostic } from '../language/diagnostic';
import { PipelineValidationError } from '../language/pipeline-errors';
import type { ResolvedPipeline, ResolvedStatement } from '../language/resolved';
import type { PipelinePlan, PlanStep, StepKind } from './pipeline-plan';
import { tableReferences } from './table-references';

interface Draft {
  id: string;
  kind: StepKind;
  name: string;
  reads: string[];
  writes: string | undefined;
  deps: Set<number>;
  statement: ResolvedStatement;
}

/** The canonical form of a table name: lower-case, without DuckDB's default `main.` schema. */
export function canonicalTable(name: string): string {
  const n = name.toLowerCase().replace(/"/g, '');
  return n.startsWith('main.') ? n.slice(5) : n;
}

function draftOf(s: ResolvedStatement): Omit<Draft, 'id' | 'deps'> {
  switch (s.kind) {
    case 'source':
      return { kind: 'source', name: s.name, reads: [], writes: undefined, statement: s };
    case 'load':
      return { kind: 'load', name: s.table, reads: [], writes: canonicalTable(s.table), statement: s };
    case 'create_table':
      return { kind: 'sql', name: s.table, reads: tableReferences(s.sql).map(canonicalTable), writes: canonicalTable(s.table), statement: s };
    case 'export':
      return { kind: 'export', name: s.destination, reads: tableReferences(s.sql).map(canonicalTable), writes: undefined, statement: s };
  }
}

/**
 * Turns the statements of a resolved pipeline into a DAG of steps. LOAD runs after its SOURCE;
 * a CREATE TABLE or EXPORT after the steps that produce the tables it reads (a table written
 * earlier binds to its latest earlier writer, one written only later to its first writer, one
 * never written is pre-existing); steps writing the same table keep statement order, and a
 * rewrite waits for the readers of the previous version. Dependency cycles are thrown as one
 * {@link PipelineValidationError} naming them (`cycle: a -> b -> a`).
 */
export function planPipeline(pipeline: ResolvedPipeline): PipelinePlan {
  const used = new Map<string, number>();
  const drafts: Draft[] = pipeline.statements.map((s) => {
    const d = draftOf(s);
    const base = `${d.kind}:${d.name}`;
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    return { ...d, id: n === 1 ? base : `${base}#${n}`, deps: new Set<number>() };
  });

  const sourceStep = new Map<string, number>();
  const writers = new Map<string, number[]>();
  drafts.forEach((d, i) => {
    if (d.kind === 'source' && !sourceStep.has(d.name.toLowerCase())) sourceStep.set(d.name.toLowerCase(), i);
    if (d.writes !== undefined) writers.set(d.writes, [...(writers.get(d.writes) ?? []), i]);
  });

  // Which version of a table each reader sees: the writer it binds to.
  const readersOf = new Map<number, number[]>();
  const external = new Set<string>();
  drafts.forEach((d, i) => {
    if (d.statement.kind === 'load') {
      const s = sourceStep.get(d.statement.source.toLowerCase());
      if (s !== undefined) d.deps.add(s);
    }
    for (const table of d.reads) {
      const ws = (writers.get(table) ?? []).filter((w) => w !== i);
      const before = ws.filter((w) => w < i);
      const bound = before.length > 0 ? before[before.length - 1] : d.writes === table ? undefined : ws[0];
      if (bound === undefined) {
        if (!writers.has(table)) external.add(table);
        continue;
      }
      d.deps.add(bound);
      readersOf.set(bound, [...(readersOf.get(bound) ?? []), i]);
    }
  });
  for (const ws of writers.values()) {
    for (let k = 1; k < ws.length; k++) {
      const w = ws[k]!;
      const prev = ws[k - 1]!;
      drafts[w]!.deps.add(prev);
      for (const r of readersOf.get(prev) ?? []) if (r !== w) drafts[w]!.deps.add(r);
    }
  }

  reportCycles(pipeline, drafts);
  const levels = levelsOf(drafts);
  const steps: PlanStep[] = drafts.map((d, i) => ({
    id: d.id,
    kind: d.kind,
    name: d.name,
    dependsOn: [...d.deps].sort((a, b) => a - b).map((j) => drafts[j]!.id),
    reads: d.reads,
    writes: d.writes,
    level: levels[i]!,
    index: i,
    statement: d.statement,
    span: d.statement.span,
  }));
  const byLevel: string[][] = [];
  steps.forEach((s) => (byLevel[s.level] ??= []).push(s.id));
  return { file: pipeline.file, steps, levels: byLevel, external: [...external], variables: pipeline.variables };
}

function levelsOf(drafts: readonly Draft[]): number[] {
  const levels: number[] = new Array<number>(drafts.length).fill(-1);
  const visit = (i: number): number => {
    if (levels[i]! >= 0) return levels[i]!;
    let level = 0;
    for (const d of drafts[i]!.deps) level = Math.max(level, visit(d) + 1);
    levels[i] = level;
    return level;
  };
  drafts.forEach((_, i) => visit(i));
  return levels;
}

function reportCycles(pipeline: ResolvedPipeline, drafts: readonly Draft[]): void {
  const state = new Array<number>(drafts.length).fill(0); // 0 new, 1 on stack, 2 done
  const stack: number[] = [];
  const problems: PipelineDiagnostic[] = [];
  const seen = new Set<string>();
  const visit = (i: number): void => {
    state[i] = 1;
    stack.push(i);
    for (const d of [...drafts[i]!.deps].sort((a, b) => a - b)) {
      if (state[d] === 1) {
        const cycle = stack.slice(stack.indexOf(d));
        const key = [...cycle].sort((a, b) => a - b).join(',');
        if (!seen.has(key)) {
          seen.add(key);
          const names = [...cycle].reverse().map((j) => drafts[j]!.name);
          const first = drafts[cycle[cycle.length - 1]!]!.statement.span;
          problems.push(diagnosticAt(pipeline.sources.get(first.file), first, `cycle: ${[...names, names[0]].join(' -> ')} (each step writes a table the next one reads); break the loop`));
        }
      } else if (state[d] === 0) visit(d);
    }
    stack.pop();
    state[i] = 2;
  };
  drafts.forEach((_, i) => {
    if (state[i] === 0) visit(i);
  });
  if (problems.length > 0) throw new PipelineValidationError(problems);
}
