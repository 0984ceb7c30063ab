import { randomBytes } from 'crypto';

/**
 * A database URI unique to the calling test file. Call it from a setup file: jest loads
 * setup files afresh for every test file, so parallel workers never share data.
 */
export const testDatabaseUri = (): string => {
  const base = process.env.TEST_MONGO_URI;
  if (!base) {
    throw new Error(
      'TEST_MONGO_URI is not set: run the tests through jest with the @ticketing/toolkit preset, ' +
        'or set MONGO_URI to a running MongoDB.',
    );
  }
  return `${base}/test_${randomBytes(6).toString('hex')}`;
};

/** Connection settings for the test NATS Streaming server started by the global setup. */
export const testNats = (): { url: string; clusterId: string; monitorUrl?: string } => {
  const url = process.env.NATS_URL;
  if (!url) throw new Error('NATS_URL is not set: run the tests through jest with the @ticketing/toolkit preset.');
  return { url, clusterId: process.env.NATS_CLUSTER_ID ?? 'ticketing', monitorUrl: process.env.NATS_MONITOR_URL };
};
