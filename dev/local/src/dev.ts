import { parseArgs } from 'util';
import { eventTransport, EventTransport } from '@ticketing/common';
import { runDev } from './runner';

/**
 * `npm run dev` (add `-- --reset` to start from empty databases and an empty event store,
 * `-- --transport jetstream` to run the event bus on nats-server with JetStream): the whole app
 * on one machine, in watch mode, until Ctrl-C.
 */

// Only for this machine: any Kubernetes deployment takes JWT_KEY from the jwt-secret Secret.
const DEV_JWT_KEY = 'dev-only-jwt-key-never-use-in-production';

const fail = (message: string, code: number): never => {
  process.stderr.write(`${message}\n`);
  process.exit(code);
};

const usage = 'Usage: npm run dev [-- [--reset] [--transport stan|jetstream]]';
const parsed = (() => {
  try {
    return parseArgs({ options: { reset: { type: 'boolean' }, transport: { type: 'string' } } }).values;
  } catch (err) {
    return fail(`${(err as Error).message}\n${usage}`, 2);
  }
})();

// The flag, else EVENT_TRANSPORT (as the services read it), else NATS Streaming.
const transport = (): EventTransport => {
  try {
    return eventTransport(parsed.transport ?? process.env.EVENT_TRANSPORT);
  } catch (err) {
    return fail(`[dev] ${(err as Error).message}\n${usage}`, 2);
  }
};

const routerPort = (value: string): number => {
  const port = Number(value);
  return Number.isInteger(port) && port >= 1 && port <= 65535
    ? port
    : fail(`[dev] PORT must be a port number, not "${value}"`, 1);
};

if (!process.env.JWT_KEY) {
  process.stdout.write('[dev] JWT_KEY is not set: using a dev-only key (set JWT_KEY to use your own)\n');
}

void runDev({
  reset: parsed.reset,
  transport: transport(),
  watch: true,
  client: 'dev',
  jwtKey: process.env.JWT_KEY ?? DEV_JWT_KEY,
  ports: process.env.PORT ? { router: routerPort(process.env.PORT) } : undefined,
});
