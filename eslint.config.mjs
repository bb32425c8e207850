// Workspace lint rules. Module boundaries enforce DESIGN.md's dependency direction through
// each project's `nx.tags` (set in its package.json):
//   core <- resilience <- connectors;  core <- state, engine <- pipeline <- cli.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// A project may use its own tag's libraries unless noted; connectors never use each other.
const allow = (sourceTag, ...tags) => ({ sourceTag, onlyDependOnLibsWithTags: [sourceTag, ...tags] });
const only = (sourceTag, ...tags) => ({ sourceTag, onlyDependOnLibsWithTags: tags });

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/*.cjs', '**/*.mjs', 'bench/data/**', 'reports/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Plain CommonJS scripts (the CLI's bin shim).
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportAllDeclaration', message: 'Name each export; no `export *` barrels.' },
      ],
    },
  },
  {
    files: ['packages/*/src/**/*.ts', 'apps/*/src/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Library code takes configuration from its caller, never from process.env.' },
      ],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            allow('scope:core'),
            allow('scope:resilience', 'scope:core'),
            only('type:connector', 'scope:core', 'scope:resilience'),
            allow('scope:state', 'scope:core'),
            allow('scope:engine', 'scope:core', 'scope:state'),
            allow('scope:testing', 'scope:core', 'scope:resilience'),
            allow('scope:pipeline', 'scope:core', 'scope:resilience', 'scope:state', 'scope:engine'),
            allow('scope:cli', 'scope:core', 'scope:resilience', 'scope:state', 'scope:engine', 'scope:pipeline', 'type:connector'),
          ],
        },
      ],
    },
  },
  {
    // The CLI is the one place that reads the process environment (and passes values down).
    files: ['apps/cli/src/**/*.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
