#!/usr/bin/env node
// Run from a package directory after `tsc`: writes dist/index.mjs, an ES module that
// re-exports every named export of the CommonJS build. Both `import` and `require` then load
// the same single implementation (no dual-package hazard for classes and error brands).
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dist = join(process.cwd(), 'dist');
const require = createRequire(join(dist, 'index.js'));
const names = Object.keys(require('./index.js')).filter((n) => n !== 'default' && n !== '__esModule');
const body = [
  "import cjs from './index.js';",
  ...names.map((n) => `export const ${n} = cjs.${n};`),
  'export default cjs;',
  '',
].join('\n');
writeFileSync(join(dist, 'index.mjs'), body);
