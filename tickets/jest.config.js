module.exports = { preset: '@ticketing/servers', setupFilesAfterEnv: ['./src/test/setup.ts'] };
