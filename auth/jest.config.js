module.exports = { preset: '@ticketing/toolkit', setupFilesAfterEnv: ['./src/test/setup.ts'] };
