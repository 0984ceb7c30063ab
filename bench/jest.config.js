module.exports = { preset: '@ticketing/servers' };
