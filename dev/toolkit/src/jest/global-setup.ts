import { startMongo } from '../mongo';
import { startNatsStreaming } from '../nats';
import { TestServers, testServersKey } from './shared';

/**
 * Starts one MongoDB-compatible server and one nats-streaming-server per jest run
 * (NATS_URL, when set, is used instead). Workers inherit the env vars set here.
 */
export default async function globalSetup(): Promise<void> {
  const mongo = await startMongo();
  process.env.TEST_MONGO_URI = mongo.uri;
  const servers: TestServers = { stops: [mongo.stop] };
  const lines = [`MongoDB: ${mongo.source} at ${mongo.uri}`];

  if (process.env.NATS_URL) {
    process.env.NATS_CLUSTER_ID ??= 'ticketing';
    lines.push(`NATS Streaming: NATS_URL (${process.env.NATS_URL}, cluster ${process.env.NATS_CLUSTER_ID})`);
  } else {
    const nats = await startNatsStreaming();
    process.env.NATS_URL = nats.url;
    process.env.NATS_CLUSTER_ID = nats.clusterId;
    process.env.NATS_MONITOR_URL = nats.monitorUrl;
    servers.stops.push(nats.stop);
    lines.push(`NATS Streaming: ${nats.source} at ${nats.url}`);
  }
  (globalThis as Record<string, unknown>)[testServersKey] = servers;
  process.stdout.write(`\n[servers] ${lines.join('\n[servers] ')}\n`);
}
