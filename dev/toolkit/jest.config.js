module.exports = { preset: '@ticketing/toolkit' };
