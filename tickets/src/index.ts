import mongoose from 'mongoose';
import { logger, requireEnv, serve } from '@ticketing/common';
import { app } from './app';
import { natsConnection } from './events/nats-connection';
import { ticketRelay } from './events/ticket-relay';

const start = async (): Promise<void> => {
  const env = requireEnv(['JWT_KEY', 'MONGO_URI', 'NATS_URL', 'NATS_CLUSTER_ID', 'NATS_CLIENT_ID']);

  await mongoose.connect(env.MONGO_URI);

  // Events wait in the outbox until the broker is reachable, so HTTP is served without waiting for it.
  natsConnection.start(
    { clusterId: env.NATS_CLUSTER_ID, clientId: env.NATS_CLIENT_ID, url: env.NATS_URL },
    { onConnect: () => ticketRelay.retryNow() },
  );
  // Also publishes whatever an earlier run saved but had not published yet.
  ticketRelay.start();

  const port = Number(process.env.PORT ?? 3000);
  const { shutdown } = await serve(app, port);
  logger.info({ port }, 'tickets listening');

  let stopping = false;
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'tickets shutting down');
    try {
      // In order: finish in-flight requests (which may queue events), finish the relay's
      // current pass, then close the broker connection and the database.
      await shutdown();
      await ticketRelay.stop();
      await natsConnection.stop();
      await mongoose.disconnect();
      process.exit(0);
    } catch (err) {
      logger.fatal({ err }, 'tickets shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
};

start().catch((err: unknown) => {
  logger.fatal({ err }, err instanceof Error ? err.message : String(err));
  process.exit(1);
});
