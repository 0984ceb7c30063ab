import { runDev } from './runner';

/**
 * `npm run dev` (add `-- --reset` to start from empty databases and an empty event store):
 * the whole app on one machine, in watch mode, until Ctrl-C.
 */

// Only for this machine: any Kubernetes deployment takes JWT_KEY from the jwt-secret Secret.
const DEV_JWT_KEY = 'dev-only-jwt-key-never-use-in-production';

const fail = (message: string, code: number): never => {
  process.stderr.write(`${message}\n`);
  process.exit(code);
};

const args = process.argv.slice(2);
const unknown = args.filter((arg) => arg !== '--reset');
if (unknown.length) fail(`Unknown argument(s): ${unknown.join(' ')}\nUsage: npm run dev [-- --reset]`, 2);

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
  reset: args.includes('--reset'),
  watch: true,
  client: 'dev',
  jwtKey: process.env.JWT_KEY ?? DEV_JWT_KEY,
  ports: process.env.PORT ? { router: routerPort(process.env.PORT) } : undefined,
});
