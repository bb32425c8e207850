// Shared Jest settings: every package's jest.config.cjs calls this with its own directory.
// Tests import workspace packages by their public names; the mapper points those names at
// the TypeScript sources so a test run needs no prior build.
const path = require('node:path');

const root = __dirname;

/** @param {string} packageDir @param {Record<string, unknown>} [overrides] */
module.exports = function jestConfig(packageDir, overrides = {}) {
  const name = require(path.join(packageDir, 'package.json')).name;
  return {
    rootDir: packageDir,
    displayName: name,
    testEnvironment: 'node',
    testMatch: ['<rootDir>/test/**/*.spec.ts'],
    transform: {
      '^.+\\.(t|j)sx?$': [
        '@swc/jest',
        { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
      ],
    },
    moduleNameMapper: {
      '^@sqlflow/([a-z0-9-]+)$': path.join(root, 'packages/$1/src/index.ts'),
      '^sqlflow$': path.join(root, 'apps/cli/src/index.ts'),
      '^sqlflow-connector-([a-z0-9-]+)$': path.join(root, 'examples/connector-$1/src/index.ts'),
    },
    reporters: ['default', [path.join(root, 'tools/jest-count-reporter.cjs'), { name }]],
    testTimeout: 60_000,
    ...overrides,
  };
};
