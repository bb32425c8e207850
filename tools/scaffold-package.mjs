#!/usr/bin/env node
// Workspace generator: creates a package's manifest, tsconfigs and Jest config in the house
// layout. Usage: node tools/scaffold-package.mjs <dir under packages/ or apps/> <npm name> <nx tags,comma> "<description>"
//   e.g. node tools/scaffold-package.mjs packages/connector-foo @sqlflow/connector-foo type:connector "Foo source"
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const [dir, name, tags, description = ''] = process.argv.slice(2);
if (!dir || !name || !tags) {
  console.error('usage: scaffold-package.mjs <dir> <name> <tags> [description]');
  process.exit(2);
}
const abs = join(root, dir);
const up = relative(abs, root) || '.';
mkdirSync(join(abs, 'src'), { recursive: true });
mkdirSync(join(abs, 'test'), { recursive: true });
const write = (file, content) => {
  const target = join(abs, file);
  if (!existsSync(target)) writeFileSync(target, content);
};
write(
  'package.json',
  JSON.stringify(
    {
      name,
      version: '0.1.0',
      description,
      license: 'Apache-2.0',
      main: './dist/index.js',
      types: './dist/index.d.ts',
      exports: {
        '.': { types: './dist/index.d.ts', import: './dist/index.mjs', require: './dist/index.js' },
        './package.json': './package.json',
      },
      files: ['dist', 'README.md'],
      engines: { node: '>=20.10' },
      scripts: {
        build: `tsc -p tsconfig.build.json && node ${up}/tools/esm-wrapper.mjs`,
        typecheck: 'tsc -p tsconfig.json --noEmit',
        lint: 'eslint .',
        test: 'jest',
      },
      nx: { tags: tags.split(',') },
      dependencies: {},
    },
    null,
    2,
  ) + '\n',
);
write('tsconfig.json', JSON.stringify({ extends: `${up}/tsconfig.base.json`, compilerOptions: { noEmit: true, rootDir: up }, include: ['src', 'test'] }, null, 2) + '\n');
write(
  'tsconfig.build.json',
  JSON.stringify(
    { extends: `${up}/tsconfig.base.json`, compilerOptions: { rootDir: 'src', outDir: 'dist', paths: {}, types: ['node'], noEmit: false }, include: ['src'] },
    null,
    2,
  ) + '\n',
);
write('jest.config.cjs', `module.exports = require('${up}/jest.preset.cjs')(__dirname);\n`);
write('src/index.ts', `// ${name}: ${description}\nexport {};\n`);
console.log(`scaffolded ${name} in ${dir}`);
