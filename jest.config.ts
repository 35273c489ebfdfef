import type { Config } from 'jest';

// `npm test` runs Jest twice (test/run.mjs): first every suite but the `*.alone.test.ts` ones on two workers, then
// those alone on one. The alone suites measure wall-clock budgets (a restart within 5 s) that only mean something
// on a machine not busy with another suite. TEST_PHASE picks the set: shared, alone, or all (any path filter).
const phase = process.env.TEST_PHASE ?? 'all';
const alone = '\\.alone\\.test\\.ts$';

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: phase === 'alone' ? ['**/*.alone.test.ts'] : ['**/*.test.ts'],
  testPathIgnorePatterns: phase === 'shared' ? ['/node_modules/', alone] : ['/node_modules/'],
  transform: { '^.+\\.ts$': '@swc/jest' },
  globalSetup: '<rootDir>/test/global-setup.mjs',
  globalTeardown: '<rootDir>/test/global-teardown.mjs',
  setupFiles: ['reflect-metadata'],
  // Each test file gets its own database; two workers match this machine's two cores.
  maxWorkers: phase === 'alone' ? 1 : 2,
  testTimeout: 60_000,
  reporters: ['default', '<rootDir>/test/summary-reporter.mjs'],
};

export default config;
