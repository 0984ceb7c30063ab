// The preset starts the real MongoDB-compatible and NATS Streaming servers the Dockerfile replay
// points the services at.
module.exports = { preset: '@ticketing/toolkit' };
