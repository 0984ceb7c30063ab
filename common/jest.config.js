module.exports = { preset: '@ticketing/servers', setupFiles: ['./src/test/setup.ts'] };
