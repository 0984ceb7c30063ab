import mongoose from 'mongoose';
import { logger, requireEnv, RunningServer, serve } from '@ticketing/common';
import { app } from './app';
import { User } from './models/user';
import { jwtExpiresIn } from './services/user-jwt';

let server: Promise<RunningServer> | undefined;
let stopping = false;

/** Stops taking requests, lets those in flight finish, closes the database, exits 0. */
const stop = async (signal: NodeJS.Signals): Promise<void> => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'auth shutting down');
  try {
    if (server) await (await server).shutdown();
    await mongoose.disconnect();
    process.exit(0);
  } catch (err) {
    logger.fatal({ err }, 'auth shutdown failed');
    process.exit(1);
  }
};

const start = async (): Promise<void> => {
  const env = requireEnv(['JWT_KEY', 'MONGO_URI']);
  // Fail now on a malformed JWT_EXPIRES_IN rather than with a 500 on the first signup.
  jwtExpiresIn();

  // Before anything that takes time: the port opens before serve() resolves, so a signal
  // can come at any point of start-up and must still mean a clean stop.
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  await mongoose.connect(env.MONGO_URI);
  // The unique email index must exist before serving, or concurrent duplicate signups could both succeed.
  await User.init();

  const port = Number(process.env.PORT ?? 3000);
  server = serve(app, port);
  await server;
  logger.info({ port }, 'auth listening');
};

start().catch((err: unknown) => {
  // A failure caused by stop() closing the connection mid-start-up is not a start-up error.
  if (stopping) return;
  logger.fatal({ err }, err instanceof Error ? err.message : String(err));
  process.exit(1);
});
