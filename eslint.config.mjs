// ESLint for the whole repository (src, test, bench, scripts, migrations). Type-aware rules through the
// TypeScript project service: floating or misused promises are bugs here (a lost rejection, a
// transaction that commits before its write). Formatting is Prettier's (eslint-config-prettier last).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', '.data/', 'bench/results/', 'reports/', '.stryker-tmp/', 'src/metadata.ts'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A leading underscore marks a parameter or binding kept on purpose (a signature, an omitted field).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Taste, not bugs: an async function without `await` implements a Promise-returning contract (a
      // handler, a fake, a Bull processor) and still turns a throw into a rejection.
      '@typescript-eslint/require-await': 'off',
      // Entity lists and metadata targets are classes, which TypeORM's and Reflect's own types call `Function`.
      '@typescript-eslint/no-unsafe-function-type': 'off',
    },
  },
  {
    // Tests read untyped response bodies (supertest's `body` is `any`) and use `expect.any()`: over a
    // thousand hits of taste there. Production code keeps the no-unsafe-* and no-explicit-any rules.
    files: ['test/**/*.ts', '**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // Plain JavaScript (configs, generators, Jest's global setup) is outside tsconfig: no type information.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    // The Node globals these files use (the `globals` package is not a direct dependency).
    languageOptions: {
      globals: Object.fromEntries(
        [
          'process',
          'console',
          'Buffer',
          'URL',
          'setTimeout',
          'clearTimeout',
          'setInterval',
          'clearInterval',
          'setImmediate',
          'fetch',
          'AbortController',
          'structuredClone',
          'performance',
          'queueMicrotask',
        ].map((name) => [name, 'readonly']),
      ),
    },
  },
  prettier,
);
