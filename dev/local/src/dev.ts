import fs from 'fs';
import { defaultDataDir, Stack, startStack } from './stack';

/**
 * `npm run dev` (add `-- --reset` to start from empty databases and an empty event store):
 * the whole app on one machine, in watch mode, until Ctrl-C.
 */

// Only for this machine: any Kubernetes deployment takes JWT_KEY from the jwt-secret Secret.
const DEV_JWT_KEY = 'dev-only-jwt-key-never-use-in-production';

const log = (line: string) => process.stdout.write(`[dev] ${line}\n`);

const parseArgs = (argv: string[]) => {
  const unknown = argv.filter((arg) => arg !== '--reset');
  if (unknown.length) {
    process.stderr.write(`Unknown argument(s): ${unknown.join(' ')}\nUsage: npm run dev [-- --reset]\n`);
    process.exit(2);
  }
  return { reset: argv.includes('--reset') };
};

// Aborted on Ctrl-C / SIGTERM: tells startStack to give up starting and stop reporting exits.
const stopping = new AbortController();

const routerPort = (value: string): number => {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`PORT must be a port number, not "${value}"`);
  return port;
};

const localhost = (url: string) => url.replace('127.0.0.1', 'localhost');

const main = async () => {
  const { reset } = parseArgs(process.argv.slice(2));
  if (reset) {
    fs.rmSync(defaultDataDir, { recursive: true, force: true });
    log(`--reset: deleted ${defaultDataDir}`);
  }
  const jwtKey = process.env.JWT_KEY ?? DEV_JWT_KEY;
  if (!process.env.JWT_KEY) log('JWT_KEY is not set: using a dev-only key (set JWT_KEY to use your own)');

  let stack: Stack | undefined;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping.signal.aborted) return;
    stopping.abort();
    log(`${signal}: stopping everything...`);
    // Still starting: startStack stops what it started, then rejects; main() exits.
    if (!stack) return;
    await stack.stop();
    log('stopped');
    process.exit(0);
  };
  // Ctrl-C reaches npm, tsx and us at once; auth, tickets and the client run in their own
  // process groups, so we stop them, in order, and only once.
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  log(`starting (data in ${defaultDataDir})...`);
  const started = await startStack({
    watch: true,
    client: 'dev',
    jwtKey,
    ports: process.env.PORT ? { router: routerPort(process.env.PORT) } : undefined,
    signal: stopping.signal,
  });
  stack = started;

  const { urls } = started;
  log('');
  log(`App               ${localhost(urls.app)}`);
  log(`NATS monitoring   ${localhost(urls.natsMonitor)}/streaming (npm run events -- channels)`);
  log(`NATS Streaming    ${localhost(urls.nats)} (cluster ${started.clusterId})`);
  log(`auth              ${localhost(urls.auth)}/api/users/readyz`);
  log(`tickets           ${localhost(urls.tickets)}/api/tickets/readyz`);
  log(`client            ${localhost(urls.client)} (next dev; use the app URL above)`);
  log(`auth database     ${urls.authMongo}/auth`);
  log(`tickets database  ${urls.ticketsMongo}/tickets`);
  log(`data              ${started.dataDir} (npm run dev -- --reset to start empty)`);
  log('');
  log('Ready. Ctrl-C stops everything.');
};

main().catch((err: unknown) => {
  // Interrupted while starting: whatever failed then (e.g. a server that got the Ctrl-C too) is moot.
  if (stopping.signal.aborted) {
    log('stopped');
    process.exit(0);
  }
  process.stderr.write(`[dev] ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
