#!/usr/bin/env node
// Checks that the published form of each package works: builds the packages, packs them with
// `npm pack`, installs the tarballs (plus their registry dependencies) into a scratch Node
// project, then loads every package both as an ES module (`import`) and as CommonJS
// (`require`). For each package and format it asserts that every value export named in
// `src/index.ts` exists, that `import` and `require` give the very same objects (so a class
// from one is the class of the other and `instanceof` works across both), and that workspace
// dependencies resolve to one shared copy.
//
// Usage: node tools/pack-check.mjs [--skip-build] [--keep] [package ...]
// Exit code: 0 when every package passes, 1 otherwise. Prints one PASS/FAIL line per package
// and format, with the reasons.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_PACKAGES = ['@sqlflow/core', '@sqlflow/resilience', '@sqlflow/testing', '@sqlflow/connector-csv'];

/** Exports that must exist whatever index.ts says (the contract other packages build on). */
const REQUIRED = {
  '@sqlflow/core': ['ConfigError', 'BatchBuilder', 'SqlflowError', 'isSqlflowError', 'resolveConfig', 'compareWatermarks', 'openConnector'],
  '@sqlflow/testing': ['describeConnectorConformance', 'collectRows', 'normalizeRow', 'createTestDatabase'],
};
/** Classes whose identity across `import` and `require` is checked with `instanceof`. */
const CLASSES = {
  '@sqlflow/core': [{ name: 'ConfigError', args: ['pack-check'] }],
  '@sqlflow/testing': [{ name: 'ConformanceFailure', args: ['pack-check', 'x'] }],
};

const args = process.argv.slice(2);
const skipBuild = args.includes('--skip-build');
const keep = args.includes('--keep');
const packages = args.filter((a) => !a.startsWith('--'));
const selected = packages.length > 0 ? packages : DEFAULT_PACKAGES;

const quiet = { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] };
const results = [];
const record = (pkg, step, ok, problems = []) => results.push({ pkg, step, ok, problems });

function packageDir(name) {
  const dir = name.startsWith('@sqlflow/') ? join(root, 'packages', name.slice('@sqlflow/'.length)) : join(root, 'apps', 'cli');
  return existsSync(join(dir, 'package.json')) ? dir : undefined;
}

/** Value exports named in src/index.ts (type-only exports skipped). */
function declaredExports(dir) {
  const source = readFileSync(join(dir, 'src', 'index.ts'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  const names = new Set();
  for (const m of source.matchAll(/export\s+(type\s+)?\{([^}]*)\}/g)) {
    if (m[1]) continue;
    for (const part of m[2].split(',')) {
      const item = part.trim();
      if (!item || item.startsWith('type ')) continue;
      const alias = item.split(/\s+as\s+/).pop().trim();
      if (alias !== 'default') names.add(alias);
    }
  }
  for (const m of source.matchAll(/export\s+(?:declare\s+)?(?:async\s+)?(?:const|let|function\*?|class|enum)\s+([A-Za-z_$][\w$]*)/g)) names.add(m[1]);
  return [...names];
}

function tail(text, lines = 15) {
  return String(text ?? '').trim().split('\n').filter((l) => !/^npm warn Unknown user config/.test(l)).slice(-lines).join('\n');
}

// 1. Build (the script assumes a build ran; it runs it again to be safe).
const known = selected.filter((name) => {
  if (packageDir(name)) return true;
  record(name, 'locate', false, [`no package directory for ${name}`]);
  return false;
});
if (!skipBuild && known.length > 0) {
  console.log(`building ${known.join(', ')} ...`);
  const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '-p', ...known, '--outputStyle=static'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false' },
  });
  if (build.status !== 0) console.log(`build exited with ${build.status}; packages without a fresh dist will fail below\n${tail(build.stdout + build.stderr, 25)}`);
}

// 2. Pack each package into a scratch directory.
const work = mkdtempSync(join(tmpdir(), 'sqlflow-pack-check-'));
const tarballs = new Map();
const manifests = new Map();
for (const name of known) {
  const dir = packageDir(name);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  manifests.set(name, { dir, manifest, exports: declaredExports(dir) });
  const problems = [];
  for (const file of [manifest.main, manifest.types, manifest.exports?.['.']?.import].filter(Boolean)) {
    if (!existsSync(join(dir, file))) problems.push(`${file} is missing; did the build succeed?`);
  }
  if (problems.length > 0) {
    record(name, 'pack', false, problems);
    continue;
  }
  try {
    const out = execFileSync('npm', ['pack', '--json', '--pack-destination', work], { ...quiet, cwd: dir });
    const info = JSON.parse(out.slice(out.indexOf('[')))[0];
    tarballs.set(name, join(work, info.filename));
    const files = info.files.map((f) => f.path);
    const stray = files.filter((f) => /(^|\/)(test|src)\//.test(f) || f.endsWith('.spec.js'));
    record(name, 'pack', stray.length === 0, stray.length ? [`the tarball ships non-dist files: ${stray.slice(0, 5).join(', ')}`] : []);
  } catch (error) {
    record(name, 'pack', false, [`npm pack failed: ${tail(error.stderr || error.message)}`]);
  }
}

// 3. A scratch project; install the tarballs one by one in dependency order so that one broken
//    package does not hide the others. A package whose workspace dependency failed fails too.
const project = join(work, 'project');
mkdirSync(project);
writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'sqlflow-pack-check', version: '0.0.0', private: true }, null, 2));
const installed = [];
for (const name of known) {
  if (!tarballs.has(name)) continue;
  const { manifest } = manifests.get(name);
  const workspaceDeps = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies }).filter((d) => manifests.has(d) || d.startsWith('@sqlflow/'));
  const missing = workspaceDeps.filter((d) => !installed.includes(d) && d !== name);
  if (missing.length > 0) {
    record(name, 'install', false, [`depends on ${missing.join(', ')}, which did not pack or install`]);
    continue;
  }
  const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error', ...installed.map((n) => tarballs.get(n)), tarballs.get(name)], {
    cwd: project,
    encoding: 'utf8',
  });
  if (install.status === 0) {
    installed.push(name);
    record(name, 'install', true);
  } else {
    record(name, 'install', false, [`npm install failed:\n${tail(install.stdout + install.stderr)}`]);
  }
}

// 4. Load each installed package as ESM and as CommonJS.
const spec = installed.map((name) => ({ name, exports: [...new Set([...(REQUIRED[name] ?? []), ...manifests.get(name).exports])], classes: CLASSES[name] ?? [], workspaceDeps: Object.keys(manifests.get(name).manifest.dependencies ?? {}).filter((d) => installed.includes(d)) }));
writeFileSync(join(project, 'spec.json'), JSON.stringify(spec));

const esmScript = `
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
const require = createRequire(import.meta.url);
const spec = JSON.parse(readFileSync(new URL('./spec.json', import.meta.url), 'utf8'));
const results = [];
for (const pkg of spec) {
  const problems = [];
  try {
    const esm = await import(pkg.name);
    const cjs = require(pkg.name);
    for (const name of pkg.exports) {
      if (!(name in esm) || esm[name] === undefined) problems.push('missing named export ' + name);
      else if (esm[name] !== cjs[name]) problems.push(name + ' from import is not the same object as from require');
    }
    for (const c of pkg.classes) {
      const instance = new esm[c.name](...c.args);
      if (!(instance instanceof cjs[c.name])) problems.push('new ' + c.name + ' (import) is not instanceof ' + c.name + ' (require)');
    }
    if ('default' in esm && esm.default !== cjs) problems.push('default export is not the CommonJS module');
    if (/(^|[/])(sqlflow-)?connector-/.test(pkg.name)) {
      const isDefinition = (v) => v && typeof v === 'object' && typeof v.name === 'string' && typeof v.open === 'function' && v.spec && typeof v.spec.schema === 'object';
      if (!Object.values(esm).some(isDefinition)) problems.push('exports no ConnectorDefinition (an object with name, kind, version, spec.schema and open())');
    }
  } catch (error) {
    problems.push('import failed: ' + (error && error.stack ? error.stack.split('\\n').slice(0, 3).join(' | ') : error));
  }
  results.push({ pkg: pkg.name, step: 'esm', ok: problems.length === 0, problems });
}
console.log(JSON.stringify(results));
`;

const cjsScript = `
const path = require('node:path');
const spec = require('./spec.json');
(async () => {
  const results = [];
  for (const pkg of spec) {
    const problems = [];
    try {
      const cjs = require(pkg.name);
      const esm = await import(pkg.name);
      for (const name of pkg.exports) {
        if (!(name in cjs) || cjs[name] === undefined) problems.push('missing named export ' + name);
        else if (cjs[name] !== esm[name]) problems.push(name + ' from require is not the same object as from import');
      }
      for (const c of pkg.classes) {
        const instance = new cjs[c.name](...c.args);
        if (!(instance instanceof esm[c.name])) problems.push('new ' + c.name + ' (require) is not instanceof ' + c.name + ' (import)');
      }
      const entry = require.resolve(pkg.name);
      const types = path.join(path.dirname(require.resolve(pkg.name + '/package.json')), require(pkg.name + '/package.json').types || '');
      if (!require('node:fs').existsSync(types)) problems.push('types file ' + types + ' is missing');
      for (const dep of pkg.workspaceDeps) {
        const fromPkg = require.resolve(dep, { paths: [path.dirname(entry)] });
        if (fromPkg !== require.resolve(dep)) problems.push(pkg.name + ' loads its own copy of ' + dep + ' (' + fromPkg + ')');
      }
    } catch (error) {
      problems.push('require failed: ' + (error && error.stack ? error.stack.split('\\n').slice(0, 3).join(' | ') : error));
    }
    results.push({ pkg: pkg.name, step: 'cjs', ok: problems.length === 0, problems });
  }
  console.log(JSON.stringify(results));
})();
`;

writeFileSync(join(project, 'check-esm.mjs'), esmScript);
writeFileSync(join(project, 'check-cjs.cjs'), cjsScript);
for (const [script, step] of [['check-esm.mjs', 'esm'], ['check-cjs.cjs', 'cjs']]) {
  if (installed.length === 0) break;
  const run = spawnSync(process.execPath, [script], { cwd: project, encoding: 'utf8' });
  const line = run.stdout.trim().split('\n').pop() ?? '';
  try {
    results.push(...JSON.parse(line));
  } catch {
    for (const name of installed) record(name, step, false, [`the ${step} script crashed (exit ${run.status}): ${tail(run.stderr)}`]);
  }
}

// 5. Report.
let failed = false;
for (const name of selected) {
  for (const step of ['locate', 'pack', 'install', 'esm', 'cjs']) {
    const r = results.find((x) => x.pkg === name && x.step === step);
    if (!r) continue;
    if (!r.ok) failed = true;
    console.log(`${r.ok ? 'PASS' : 'FAIL'}  ${name.padEnd(26)} ${step}`);
    for (const p of r.problems) console.log(`      - ${p.replace(/\n/g, '\n        ')}`);
  }
  if (!results.some((x) => x.pkg === name && x.step === 'esm') && results.some((x) => x.pkg === name && x.ok === false) === false) {
    failed = true;
    console.log(`FAIL  ${name.padEnd(26)} not checked`);
  }
}
if (failed || keep) console.log(`scratch project kept at ${project}`);
else rmSync(work, { recursive: true, force: true });
console.log(failed ? 'pack-check: FAIL' : 'pack-check: PASS');
process.exit(failed ? 1 : 0);
