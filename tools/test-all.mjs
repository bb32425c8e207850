#!/usr/bin/env node
// The workspace test command (`npm test`): type-checks, lints and tests every project through
// Nx, then prints one closing line "N passed, N failed, N skipped" summed over all packages
// and exits non-zero when anything failed or a package produced no test report.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const reports = join(root, 'reports', 'jest');
rmSync(reports, { recursive: true, force: true });

spawnSync('bash', [join(root, 'tools', 'ensure-services.sh')], { stdio: 'inherit' });

// In CI every target really runs: integration tests depend on live services (PostgreSQL, local
// servers) that are not part of Nx's cache key, so a replayed result would prove nothing.
const extra = [...process.argv.slice(2), ...(process.env.CI ? ['--skip-nx-cache'] : [])];
const nx = spawnSync(
  'npx',
  ['nx', 'run-many', '-t', 'typecheck', 'lint', 'test', '--outputStyle=static', ...extra],
  { cwd: root, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false' } },
);

/** Projects that declare a test script must each leave a report. */
function projectsWithTests() {
  const names = [];
  for (const group of ['packages', 'apps']) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir)) {
      const manifest = join(dir, entry, 'package.json');
      if (!existsSync(manifest)) continue;
      const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
      if (pkg.scripts && pkg.scripts.test) names.push(pkg.name);
    }
  }
  return names;
}

function readReports(dir) {
  const out = [];
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...readReports(full));
    else if (entry.endsWith('.json')) out.push(JSON.parse(readFileSync(full, 'utf8')));
  }
  return out;
}

// Packaging check: the published tarballs install in a scratch project and load with both
// `import` and `require`. Each PASS/FAIL line it prints counts as one test.
const pack = spawnSync(process.execPath, [join(root, 'tools', 'pack-check.mjs')], { cwd: root, encoding: 'utf8' });
process.stdout.write(pack.stdout ?? '');
process.stderr.write(pack.stderr ?? '');
const packLines = (pack.stdout ?? '').split('\n');
const packPassed = packLines.filter((l) => l.startsWith('PASS ')).length;
const packFailed = packLines.filter((l) => l.startsWith('FAIL ')).length + (pack.status !== 0 && !packLines.some((l) => l.startsWith('FAIL ')) ? 1 : 0);

const found = readReports(reports);
let passed = packPassed;
let failed = packFailed;
let skipped = 0;
for (const r of found) {
  passed += r.passed;
  failed += r.failed;
  skipped += r.skipped;
}
const missing = projectsWithTests().filter((n) => !found.some((r) => r.name === n));
for (const name of missing) {
  console.error(`no test report from ${name}: its tests did not run (type or lint errors stop them)`);
  failed += 1;
}
const nxFailed = nx.status !== 0;
if (nxFailed && failed === 0) {
  console.error('nx reported a failing target (typecheck or lint); counted as one failure');
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || nxFailed ? 1 : 0);
