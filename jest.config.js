import { availableParallelism } from 'node:os';

/**
 * Jest 30 runs the ESM TypeScript sources through SWC (node --experimental-vm-modules). SWC picks
 * ESM or CommonJS output per file from how Jest loads it, which also lets CommonJS packages require
 * the few ESM-only ones (Jest cannot require(esm) before Node 24.9).
 */
const swc = {
  jsc: {
    target: 'es2023',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    keepClassNames: true,
  },
  sourceMaps: 'inline',
};

const common = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.(ts|js)$': ['@swc/jest', swc] },
  transformIgnorePatterns: ['/node_modules/(?!(content-disposition)/)'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1', '^#migrations$': '<rootDir>/migrations/index.ts' },
  testEnvironment: 'node',
};

export default {
  // Jest's default on 2 cores is one worker, but e2e files mostly wait on PostgreSQL, Redis and timers:
  // two workers there took CI's suite from 1,315 s to 785 s on the same busy machine, and a third from
  // 1,117 s to 956 s once the suite had grown (one more than the cores, each file still booting its own app).
  maxWorkers: Math.max(3, availableParallelism() + 1),
  // Each e2e file boots an app in the worker's VM context, and a worker's heap grows with every file it
  // runs: past this after a file, the worker is replaced (one ran out of memory at 164 files).
  workerIdleMemoryLimit: '1GB',
  // e2e tests boot the app and wait on real deadlines; a project-level testTimeout is ignored.
  testTimeout: 60000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.mjs',
      globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
      // A pg client asked for a second query while one runs fails the test (see the file).
      setupFilesAfterEnv: ['<rootDir>/test/support/pg-overlap-guard.ts'],
    },
  ],
};
