const service = { preset: '@ticketing/toolkit', setupFilesAfterEnv: ['./src/test/setup.ts'] };

// Every suite on NATS Streaming (the default transport), and the outbox relay's suites once more on
// JetStream: the service picks its transport from EVENT_TRANSPORT as its modules load, so per run.
module.exports = {
  projects: [
    { ...service, displayName: 'stan' },
    {
      ...service,
      displayName: 'jetstream',
      setupFiles: ['./src/test/on-jetstream.ts'],
      testMatch: ['**/outbox/__test__/{relay,outage}.test.ts'],
    },
  ],
};
