/**
 * Shared jest setup for every workspace: ts-jest (transpile only; `npm run typecheck`
 * type-checks), tests in __test__ folders, and real servers started once per run.
 */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.tsx?$': 'ts-jest' },
  testMatch: ['**/__test__/**/*.test.ts'],
  globalSetup: require.resolve('./src/jest/global-setup.ts'),
  globalTeardown: require.resolve('./src/jest/global-teardown.ts'),
  testTimeout: 30000,
};
