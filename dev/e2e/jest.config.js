// Each suite starts a whole stack (databases, broker, services, client, router) in beforeAll: give
// tests time, and list every test so a CI log shows which step of which suite failed.
module.exports = { preset: '@ticketing/toolkit', testTimeout: 120_000, slowTestThreshold: 60, verbose: true };
