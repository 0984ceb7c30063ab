import { randomBytes } from 'crypto';
import fs from 'fs';
import path from 'path';
import { pathToFileURL } from 'url';
import { repoRoot, waitForHttp } from '@ticketing/toolkit';
import { readinessRequestId } from '../log-lines';
import { ManagedProcess } from '../managed-process';
import { describeExit } from '../readiness';
import { AppName, ServiceName, StackContext } from './types';

const readyTimeoutMs = { auth: 60_000, tickets: 60_000, client: 180_000 };
const tsxLoader = pathToFileURL(require.resolve('tsx')).href;
const servicesTsconfig = path.join(__dirname, '..', '..', 'tsconfig.services.json');
const clientDir = path.join(repoRoot, 'client');
const nextBin = () => require.resolve('next/dist/bin/next', { paths: [clientDir] });
// Where `next build` puts the standalone server: laid out from the workspace root, as in the image.
const standaloneDir = path.join(clientDir, '.next', 'standalone', 'client');
const local = (port: number) => `http://127.0.0.1:${port}`;

/**
 * auth, tickets and the client as child processes (in watch mode, auth and tickets restart on
 * source changes). Created once the databases run: their URIs are known only then.
 */
export const apps = (
  { options, dataDir, ports, clusterId, output, reportExit }: StackContext,
  mongoUri: (service: ServiceName) => string,
) => {
  const env = (port: number): NodeJS.ProcessEnv => ({
    ...process.env,
    ...options.env,
    PORT: String(port),
    JWT_KEY: options.jwtKey,
  });
  const service = (name: ServiceName, serviceEnv: NodeJS.ProcessEnv) =>
    new ManagedProcess({
      name,
      command: process.execPath,
      args: ['--import', tsxLoader, 'src/index.ts'],
      cwd: path.join(repoRoot, name),
      // @ticketing/common from its source, not its build (which only `npm install` refreshes), so
      // an edit under common/src restarts the services with it, like an edit of their own.
      env: { ...serviceEnv, MONGO_URI: `${mongoUri(name)}/${name}`, TSX_TSCONFIG_PATH: servicesTsconfig },
      output,
      pidFile: path.join(dataDir, `${name}.pid`),
      watch: options.watch ? [path.join(repoRoot, name, 'src'), path.join(repoRoot, 'common', 'src')] : undefined,
      onUnexpectedExit: (info) =>
        reportExit(info, `${describeExit(info)}${options.watch ? ' (it restarts on the next source change)' : ''}`),
    });
  const processes: Record<AppName, ManagedProcess> = {
    auth: service('auth', env(ports.auth)),
    tickets: service('tickets', {
      ...env(ports.tickets),
      NATS_URL: `nats://127.0.0.1:${ports.nats}`,
      EVENT_TRANSPORT: options.transport ?? 'stan',
      // A NATS Streaming notion only: tickets on JetStream starts without it.
      ...(options.transport === 'jetstream' ? {} : { NATS_CLUSTER_ID: clusterId }),
      // Like a pod name: unique per stack, so two stacks sharing a broker never collide.
      NATS_CLIENT_ID: `tickets-local-${randomBytes(4).toString('hex')}`,
    }),
    client: new ManagedProcess({
      name: 'client',
      command: process.execPath,
      // The production build runs as the image runs it: the standalone server, not `next start`.
      args:
        options.client === 'prod'
          ? [path.join(standaloneDir, 'server.js')]
          : [nextBin(), 'dev', '-p', String(ports.client), '-H', '127.0.0.1'],
      cwd: options.client === 'prod' ? standaloneDir : clientDir,
      // Server-side requests go through the router, as in the cluster they go through the Ingress.
      env: {
        ...env(ports.client),
        HOSTNAME: '127.0.0.1',
        API_URL: local(ports.router),
        NEXT_TELEMETRY_DISABLED: '1',
      },
      output,
      pidFile: path.join(dataDir, 'client.pid'),
      onUnexpectedExit: (info) => reportExit(info),
    }),
  };
  const readiness: Record<AppName, { url: string; isReady?: (status: number) => boolean }> = {
    auth: { url: `${local(ports.auth)}/api/users/readyz` },
    tickets: { url: `${local(ports.tickets)}/api/tickets/readyz` },
    // Any answer means Next is serving; in dev mode this request also compiles the landing page.
    client: { url: `${local(ports.client)}/`, isReady: (status) => status < 500 },
  };

  /** Starts an app and waits until it is ready. */
  const start = async (name: AppName) => {
    processes[name].start();
    await waitForHttp(readiness[name].url, {
      timeoutMs: readyTimeoutMs[name],
      exited: processes[name].whenExited()?.then(describeExit),
      isReady: readiness[name].isReady,
      headers: { 'X-Request-ID': readinessRequestId },
      signal: options.signal,
    });
  };

  return {
    start,
    stop: (name: AppName) => processes[name].stop(),
    pid: (name: AppName) => processes[name].pid,
    stopAll: () => Promise.all(Object.values(processes).map((running) => running.stop())).then(() => undefined),
  };
};

/** `next build`, for a stack that serves the production client. */
export const buildClient = async ({ options, ports, output }: StackContext): Promise<void> => {
  const build = new ManagedProcess({
    name: 'client:build',
    command: process.execPath,
    args: [nextBin(), 'build'],
    cwd: clientDir,
    env: { ...process.env, ...options.env, PORT: String(ports.client), NEXT_TELEMETRY_DISABLED: '1' },
    output,
  });
  build.start();
  const result = await build.whenExited();
  if (result?.code !== 0) throw new Error(`next build failed (${result ? describeExit(result) : 'did not start'})`);
  if (!fs.existsSync(path.join(standaloneDir, 'server.js')))
    throw new Error(`next build wrote no ${standaloneDir}/server.js: is output: 'standalone' set in next.config.ts?`);
  // The standalone server serves these from beside itself; the image copies them there (client/Dockerfile).
  for (const [from, to] of [
    [path.join(clientDir, '.next', 'static'), path.join(standaloneDir, '.next', 'static')],
    [path.join(clientDir, 'public'), path.join(standaloneDir, 'public')],
  ]) {
    fs.rmSync(to, { recursive: true, force: true });
    fs.symlinkSync(from, to, 'dir');
  }
};
