#!/usr/bin/env node
// Three successive runs over a growing CSV: day 1, then days 1-2, then days 1-3.
// Each run loads only the new rows and moves the watermark. Run from the repository root:
//   node examples/incremental/run-demo.mjs
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', '..', 'apps', 'cli', 'bin', 'sqlflow.js');
const work = join(here, 'target');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const file = join(work, 'orders.csv');

for (const day of [1, 2, 3]) {
  const batch = readFileSync(join(here, 'data', 'batches', `day${day}.csv`), 'utf8');
  if (day === 1) copyFileSync(join(here, 'data', 'batches', 'day1.csv'), file);
  else writeFileSync(file, readFileSync(file, 'utf8') + batch.slice(batch.indexOf('\n') + 1));
  console.log(`\n=== run ${day}: orders.csv now holds days 1-${day}`);
  const report = JSON.parse(
    execFileSync(process.execPath, [cli, 'run', join(here, 'pipelines', 'orders.sf'), '--vars', `orders_file=${file}`, '--json'], { encoding: 'utf8' }),
  );
  for (const step of report.steps.filter((s) => s.kind === 'load')) {
    console.log(`${step.id}: read ${step.rowsRead ?? step.rows} rows, watermark ${step.watermarkBefore?.value ?? '(none)'} -> ${step.watermarkAfter?.value ?? '(none)'}`);
  }
}
console.log('\nstate:');
console.log(execFileSync(process.execPath, [cli, 'state', 'show', join(here, 'pipelines', 'orders.sf')], { encoding: 'utf8' }));
