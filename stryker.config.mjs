// @ts-check
/**
 * Mutation testing of the pure modules: `npm run mutate` (all of them) or
 * `npm run mutate -- --mutate src/common/money/arithmetic.ts` (one file; add `--ignoreStatic` to
 * skip mutants of module-level constants, each of which reruns every related spec). Not part of CI or
 * `npm test`: a full run takes minutes on 2 cores. Only each file's related unit specs run
 * (Jest's findRelatedTests, per-test coverage), never the e2e suite.
 *
 * Pure means no I/O and no Nest wiring: services, modules, controllers, entities and DTOs are left
 * out, so the score measures the rules the unit specs are meant to pin down. New pure folders get a
 * glob here (state, numbers and ledger are listed ahead of their arrival).
 */
import jestConfig from './jest.config.js';

const unit = jestConfig.projects.find((project) => project.displayName === 'unit');
if (!unit) throw new Error('jest.config.js has no "unit" project');
const { displayName: _, ...unitConfig } = unit;
/**
 * MUTATE_SPECS=src/common/money/arithmetic.spec.ts,… runs only those specs: a file measured against
 * its own spec, much faster on a busy machine (Jest's start-up, not the tests, is most of a run).
 */
const ownSpecs = process.env.MUTATE_SPECS ? { testMatch: process.env.MUTATE_SPECS.split(',').map((spec) => `<rootDir>/${spec.trim()}`) } : {};

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  // Jest runs the ESM sources through node's VM modules, as `npm test` does.
  testRunnerNodeArgs: ['--experimental-vm-modules'],
  jest: {
    projectType: 'custom',
    config: { ...unitConfig, ...ownSpecs, testTimeout: 60000, setupFiles: ['<rootDir>/test/support/stryker-setup.ts'] },
    enableFindRelatedTests: true,
  },
  coverageAnalysis: 'perTest',
  mutate: [
    'src/common/money/**/*.ts',
    'src/common/clock/**/*.ts',
    'src/common/state/**/*.ts',
    'src/common/numbers/**/*.ts',
    'src/common/ledger/**/*.ts',
    'src/common/events/backoff.ts',
    'src/common/deadlines/sweep-plan.ts',
    'src/common/deadlines/deadline-job.ts',
    'src/modules/identity/password-rules.ts',
    'src/modules/identity/login-name.ts',
    'src/modules/customers/imports/customer-csv.ts',
    'src/modules/catalog/time-blocks.ts',
    'src/modules/stores/opening-hours.ts',
    'src/modules/stores/business-hours.ts',
    '!**/*.spec.ts',
    '!**/index.ts',
    '!**/*.{module,service,controller,entity,dto,processor,listener}.ts',
    '!**/dto/**',
    // money: the boot-time check of stored currencies queries the database (e2e tests cover it).
    '!src/common/money/business-currency.ts',
  ],
  ignorePatterns: ['.data', 'dist', 'coverage', '/reports', 'bench/results', '.stryker-tmp', 'openapi.json'],
  tempDirName: '.stryker-tmp',
  concurrency: 2,
  // Generous: the machine is shared, and a run that only waited for CPU is not a mutant's infinite loop.
  timeoutMS: 30000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 85, low: 70, break: null },
};
