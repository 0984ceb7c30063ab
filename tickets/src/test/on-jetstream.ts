// Before any test file imports the service (see jest.config.js): its event connection is then a JetStream one.
process.env.EVENT_TRANSPORT = 'jetstream';
