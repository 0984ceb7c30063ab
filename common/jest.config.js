module.exports = { preset: '@ticketing/toolkit', setupFiles: ['./src/test/setup.ts'] };
