import type { RunEvent, RunReport, StepReport } from '@sqlflow/pipeline';

const fmt = new Intl.NumberFormat('en-US');

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** One line describing what a finished step did. */
export function describeStep(r: StepReport): string {
  const mark = r.status === 'succeeded' ? 'ok  ' : r.status === 'failed' ? 'FAIL' : 'skip';
  const parts: string[] = [`${mark} ${r.id}`];
  if (r.kind === 'load' && r.status === 'succeeded') {
    parts.push(`${fmt.format(r.rows ?? 0)} rows written (${fmt.format(r.rowsRead ?? 0)} read${r.skippedRows ? `, ${fmt.format(r.skippedRows)} already loaded` : ''}) into ${r.table} [${r.mode}]`);
    if (r.watermarkAfter || r.watermarkBefore) parts.push(`watermark ${r.watermarkBefore?.value ?? '(none)'} -> ${r.watermarkAfter?.value ?? '(none)'}`);
  } else if (r.kind === 'sql' && r.status === 'succeeded') {
    parts.push(`${fmt.format(r.rows ?? 0)} rows in ${r.table}`);
  } else if (r.kind === 'export' && r.status === 'succeeded') {
    parts.push(`${fmt.format(r.rows ?? 0)} rows -> ${r.destination}`);
  }
  if (r.error) parts.push(r.error.message);
  parts.push(`(${seconds(r.durationMs)})`);
  return parts.join('  ');
}

/** A closing summary of a run. */
export function describeRun(report: RunReport): string {
  const counts = { succeeded: 0, failed: 0, skipped: 0 };
  for (const s of report.steps) counts[s.status]++;
  const head = report.status === 'succeeded' ? 'run succeeded' : 'run FAILED';
  return `${head}: ${report.pipeline} (${counts.succeeded} steps ok, ${counts.failed} failed, ${counts.skipped} skipped) in ${seconds(report.durationMs)}; database ${report.database}\n`;
}

/**
 * Shows a run as it goes. On a terminal, active loads redraw one status line in place
 * (rows and rows/s); otherwise each finished step prints one plain line.
 */
export function createRunDisplay(write: (text: string) => void, tty: boolean): (event: RunEvent) => void {
  const active = new Map<string, { rows: number; start: number }>();
  let drawn = false;
  let lastDraw = 0;
  const clear = (): void => {
    if (tty && drawn) write('\r\x1b[2K');
    drawn = false;
  };
  const draw = (): void => {
    if (!tty || active.size === 0) return;
    const now = Date.now();
    if (now - lastDraw < 100) return;
    lastDraw = now;
    const line = [...active.entries()]
      .map(([id, a]) => `${id} ${fmt.format(a.rows)} rows (${fmt.format(Math.round(a.rows / Math.max(0.001, (now - a.start) / 1000)))} rows/s)`)
      .join(' | ');
    write(`\r\x1b[2K${line.slice(0, 200)}`);
    drawn = true;
  };
  return (event) => {
    switch (event.type) {
      case 'step-start':
        if (event.step.kind === 'load') active.set(event.step.id, { rows: 0, start: Date.now() });
        break;
      case 'step-progress': {
        const a = active.get(event.step.id);
        if (a) a.rows = event.rowsRead;
        draw();
        break;
      }
      case 'step-end':
        active.delete(event.step.id);
        clear();
        write(`${describeStep(event.report)}\n`);
        draw();
        break;
      default:
        break;
    }
  };
}
