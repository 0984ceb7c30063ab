// next/jest supplies the SWC transform, CSS/image stubs and .env loading the pages need; the
// @ticketing/toolkit preset is not used because the client tests need no databases or brokers.
const nextJest = require('next/jest');

const createJestConfig = nextJest({ dir: __dirname });

module.exports = createJestConfig({
  testEnvironment: 'jsdom',
  testMatch: ['**/__test__/**/*.test.ts?(x)'],
  setupFilesAfterEnv: ['<rootDir>/jest.setup.ts'],
  // Fresh call records for every test, including the router mock.
  clearMocks: true,
});
