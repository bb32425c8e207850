import { Engine } from '@sqlflow/engine';
import type { RunReport, StepReport } from '@sqlflow/pipeline';

/** A parsed `sqlflow run --json` report with a step lookup that fails loudly. */
export type ParsedReport = RunReport & { step(id: string): StepReport };

/** Parses the report `sqlflow run --json` printed. */
export function parseReport(stdout: string): ParsedReport {
  const report = JSON.parse(stdout) as RunReport;
  return {
    ...report,
    step(id: string): StepReport {
      const found = report.steps.find((s) => s.id === id);
      if (!found) throw new Error(`no step ${id} in the report; steps: ${report.steps.map((s) => s.id).join(', ')}`);
      return found;
    },
  };
}

/** Rows of a query against a DuckDB file written by a (finished) CLI run. */
export async function duckRows(database: string, sql: string): Promise<Record<string, unknown>[]> {
  const engine = await Engine.open({ path: database });
  try {
    return await engine.query(sql);
  } finally {
    await engine.close();
  }
}
