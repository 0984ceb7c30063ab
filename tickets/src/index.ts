import mongoose from 'mongoose';
import { checkJwtKeyStrength, eventTransport, requireEnv, runService } from '@ticketing/common';
import { app } from './app';
import { nats } from './nats';
import { ticketRelay } from './outbox/ticket-relay';

runService({
  name: 'tickets',
  app,
  start: async () => {
    // A cluster id is a NATS Streaming notion: JetStream neither needs nor reads one.
    const transport = eventTransport();
    const env = requireEnv(
      ['JWT_KEY', 'MONGO_URI', 'NATS_URL', 'NATS_CLUSTER_ID', 'NATS_CLIENT_ID'].filter(
        (name) => transport === 'stan' || name !== 'NATS_CLUSTER_ID',
      ),
    );
    checkJwtKeyStrength();
    await mongoose.connect(env.MONGO_URI);
    // Events wait in the outbox until the broker is reachable, so HTTP is served without waiting for it.
    nats.start(
      { clusterId: env.NATS_CLUSTER_ID ?? '', clientId: env.NATS_CLIENT_ID, url: env.NATS_URL },
      { onConnect: () => ticketRelay.retryNow() },
    );
    // Also publishes whatever an earlier run saved but had not published yet.
    ticketRelay.start();
  },
  // After in-flight requests (which may queue events) have finished: the relay's current pass,
  // then the broker connection, then the database.
  stop: async () => {
    await ticketRelay.stop();
    await nats.stop();
    await mongoose.disconnect();
  },
}).then((code) => process.exit(code));
