import { randomBytes } from 'crypto';
import { EventEmitter } from 'events';
import fs from 'fs';
import path from 'path';
import { pathToFileURL } from 'url';
import {
  assertPortFree,
  freePort,
  isPortOpen,
  Mongo,
  NatsStreaming,
  repoRoot,
  startMongo,
  startNatsStreaming,
  stopLeftovers,
  tail,
  waitForHttp,
} from '@ticketing/toolkit';
import { readinessAgent, renderLogLine } from './log-lines';
import { ExitInfo, ManagedProcess } from './managed-process';
import { describeExit } from './readiness';
import { ingressManifestPath, loadRouteTable } from './route-table';
import { startRouter } from './router';

export type ServiceName = 'auth' | 'tickets';
export type AppName = ServiceName | 'client';
export type PortName = 'router' | 'auth' | 'tickets' | 'client' | 'nats' | 'natsMonitor' | 'authMongo' | 'ticketsMongo';
export type Ports = Record<PortName, number>;

/** A fixed port, or 0 / 'free' for one the kernel picks (tests). */
export type PortChoice = number | 'free';

export interface StackOptions {
  /** 'free' picks every port; otherwise per part, defaulting to `defaultPorts`. */
  ports?: 'free' | Partial<Record<PortName, PortChoice>>;
  /** Databases and the NATS file store live here between runs. Default `<repo>/.data`. */
  dataDir?: string;
  /** Restart auth and tickets when their source or common's changes. Default false. */
  watch?: boolean;
  /**
   * `next dev` (hot reload), `next build` + `next start`, or no client at all (for suites
   * that only call the APIs; the router then answers 502 for pages). Default 'dev'.
   */
  client?: 'dev' | 'prod' | 'none';
  jwtKey: string;
  clusterId?: string;
  /** The Ingress manifest the router follows. */
  ingressManifest?: string;
  /** Child output and the stack's own messages (name 'dev'). Default: prefixed lines on stdout. */
  output?: (name: string, line: string) => void;
  /** Extra environment for auth, tickets and the client (e.g. LOG_LEVEL). */
  env?: Record<string, string>;
  /**
   * The caller is shutting down (Ctrl-C): during start-up, stop what has started and reject;
   * at any time, stop reporting exits (a terminal's Ctrl-C reaches the database and NATS
   * processes directly, and their exit is then expected).
   */
  signal?: AbortSignal;
}

/** Defaults for `npm run dev`; database ports are picked freely unless given. */
export const defaultPorts: Record<PortName, PortChoice> = {
  router: 8080,
  auth: 3001,
  tickets: 3002,
  client: 3000,
  // 4222 is the usual NATS port, often taken by a plain NATS server: use the next one.
  nats: 4223,
  natsMonitor: 8222,
  authMongo: 'free',
  ticketsMongo: 'free',
};

export const defaultDataDir = path.join(repoRoot, '.data');

const readyTimeoutMs = { auth: 60_000, tickets: 60_000, client: 180_000 };

const colors: Record<string, number> = { dev: 1, auth: 36, tickets: 35, client: 32, 'client:build': 32, router: 33 };

/** `[auth] line`, coloured when stdout is a terminal; JSON log lines rendered for people. */
export const prefixedOutput = (name: string, line: string) => {
  const label = process.stdout.isTTY ? `\x1b[${colors[name] ?? 0}m[${name}]\x1b[0m` : `[${name}]`;
  const rendered = renderLogLine(line);
  if (rendered !== undefined) process.stdout.write(`${label} ${rendered}\n`);
};

export interface StackUrls {
  /** The router: the app as a browser sees it. */
  app: string;
  auth: string;
  tickets: string;
  client: string;
  nats: string;
  natsMonitor: string;
  authMongo: string;
  ticketsMongo: string;
}

export interface StackEvents {
  /** A process exited (or a database stopped answering) without being asked to. */
  exit: [ExitInfo];
}

export interface Stack extends EventEmitter<StackEvents> {
  urls: StackUrls;
  ports: Ports;
  dataDir: string;
  clusterId: string;
  /** Process id of a running part (for fault tests that kill it), else undefined. */
  pid(name: AppName): number | undefined;
  /** Stops everything: router first, then the apps, then NATS and the databases. */
  stop(): Promise<void>;
  stopService(name: AppName): Promise<void>;
  /** Starts a stopped part and waits until it is ready. */
  startService(name: AppName): Promise<void>;
  restartService(name: AppName): Promise<void>;
  stopNats(): Promise<void>;
  /** Starts NATS Streaming again on the same ports and file store. */
  startNats(): Promise<void>;
  stopMongo(service: ServiceName): Promise<void>;
  /** Starts a service's database again on the same port and data folder. */
  startMongo(service: ServiceName): Promise<void>;
}

const resolvePorts = async (choice: StackOptions['ports']): Promise<Ports> => {
  const entries = await Promise.all(
    (Object.keys(defaultPorts) as PortName[]).map(async (name) => {
      const wanted = choice === 'free' ? 'free' : (choice?.[name] ?? defaultPorts[name]);
      const port = wanted === 'free' || wanted === 0 ? await freePort() : wanted;
      return [name, port] as const;
    }),
  );
  return Object.fromEntries(entries) as Ports;
};

const portPurpose: Record<PortName, string> = {
  router: 'router',
  auth: 'auth',
  tickets: 'tickets',
  client: 'client',
  nats: 'NATS Streaming',
  natsMonitor: 'NATS monitoring',
  authMongo: "auth's database",
  ticketsMongo: "tickets' database",
};

const tsxLoader = pathToFileURL(require.resolve('tsx')).href;
const servicesTsconfig = path.join(__dirname, '..', 'tsconfig.services.json');
const clientDir = path.join(repoRoot, 'client');
const nextBin = () => require.resolve('next/dist/bin/next', { paths: [clientDir] });

/**
 * Starts the whole app on one machine: a database per service and NATS Streaming (both
 * persisted under dataDir), auth, tickets and the client, and the router that mirrors the
 * Ingress. Resolves once every part answers its readiness check; on failure it stops what
 * it started and rejects with the reason.
 */
export const startStack = async (options: StackOptions): Promise<Stack> => {
  const output = options.output ?? prefixedOutput;
  const log = (line: string) => output('dev', line);
  const dataDir = path.resolve(options.dataDir ?? defaultDataDir);
  const clusterId = options.clusterId ?? 'ticketing';
  const clientMode = options.client ?? 'dev';
  const ports = await resolvePorts(options.ports);
  // A run killed outright (kill -9) leaves its servers running on this data folder, holding its
  // ports and files: stop them first. Pid files name them; nothing else is touched.
  for (const leftover of await stopLeftovers(dataDir)) log(`stopped ${leftover}, left running by an earlier run`);
  // Fail before starting anything, naming the port, rather than with a child's stack trace.
  for (const name of Object.keys(ports) as PortName[]) await assertPortFree(ports[name], portPurpose[name]);

  const routes = loadRouteTable(options.ingressManifest ?? ingressManifestPath);
  const local = (port: number) => `http://127.0.0.1:${port}`;
  const emitter = new EventEmitter<StackEvents>();
  let stopping = false;

  const reportExit = (info: ExitInfo, message = describeExit(info)) => {
    if (stopping || options.signal?.aborted) return;
    log(message);
    emitter.emit('exit', info);
  };

  // --- databases -------------------------------------------------------------------------
  const mongos: Partial<Record<ServiceName, Mongo>> = {};
  const mongoPort = { auth: ports.authMongo, tickets: ports.ticketsMongo };
  const mongoDown: Record<ServiceName, boolean> = { auth: false, tickets: false };
  const runMongo = async (service: ServiceName) => {
    const dir = path.join(dataDir, `${service}-mongo`);
    fs.mkdirSync(dir, { recursive: true });
    mongos[service] = await startMongo({ dataDir: dir, port: mongoPort[service] });
    mongoDown[service] = false;
  };
  // The Mongo handle exposes no process: notice a database that dies by its port going quiet.
  const mongoWatch = setInterval(() => {
    for (const service of ['auth', 'tickets'] as const) {
      if (!mongos[service] || mongoDown[service]) continue;
      void isPortOpen(mongoPort[service]).then((up) => {
        if (up || !mongos[service] || mongoDown[service]) return;
        mongoDown[service] = true;
        const name = `${service}-mongo`;
        reportExit({ name, code: null, signal: null }, `${name} stopped answering on port ${mongoPort[service]}`);
      });
    }
  }, 2000);
  mongoWatch.unref();

  // --- NATS Streaming ---------------------------------------------------------------------
  let nats: NatsStreaming | undefined;
  const runNats = async () => {
    const started = await startNatsStreaming({
      clusterId,
      port: ports.nats,
      monitorPort: ports.natsMonitor,
      storeDir: path.join(dataDir, 'nats'),
    });
    nats = started;
    started.process.child.once('exit', (code, signal) => {
      if (nats !== started) return;
      nats = undefined;
      const info = { name: 'nats', code, signal };
      reportExit(info, `${describeExit(info)}; the end of its log:\n${tail(started.process.logFile, 5)}`);
    });
  };
  const stopNats = async () => {
    const current = nats;
    nats = undefined;
    await current?.stop();
  };

  // --- apps -------------------------------------------------------------------------------
  const appEnv = (port: number): NodeJS.ProcessEnv => ({
    ...process.env,
    ...options.env,
    PORT: String(port),
    JWT_KEY: options.jwtKey,
  });
  const serviceProcess = (name: ServiceName, env: NodeJS.ProcessEnv) =>
    new ManagedProcess({
      name,
      command: process.execPath,
      args: ['--import', tsxLoader, 'src/index.ts'],
      cwd: path.join(repoRoot, name),
      // @ticketing/common from its source, not its build (which only `npm install` refreshes), so
      // an edit under common/src restarts the services with it, like an edit of their own.
      env: { ...env, TSX_TSCONFIG_PATH: servicesTsconfig },
      output,
      pidFile: path.join(dataDir, `${name}.pid`),
      watch: options.watch ? [path.join(repoRoot, name, 'src'), path.join(repoRoot, 'common', 'src')] : undefined,
      onUnexpectedExit: (info) =>
        reportExit(info, `${describeExit(info)}${options.watch ? ' (it restarts on the next source change)' : ''}`),
    });

  // Built once the databases run: their URIs are known only then (MONGO_URI may override).
  const mongoUri = (service: ServiceName) => `${mongos[service]?.uri}/${service}`;
  const createApps = (): Record<AppName, ManagedProcess> => ({
    auth: serviceProcess('auth', { ...appEnv(ports.auth), MONGO_URI: mongoUri('auth') }),
    tickets: serviceProcess('tickets', {
      ...appEnv(ports.tickets),
      MONGO_URI: mongoUri('tickets'),
      NATS_URL: `nats://127.0.0.1:${ports.nats}`,
      NATS_CLUSTER_ID: clusterId,
      // Like a pod name: unique per stack, so two stacks sharing a broker never collide.
      NATS_CLIENT_ID: `tickets-local-${randomBytes(4).toString('hex')}`,
    }),
    client: new ManagedProcess({
      name: 'client',
      command: process.execPath,
      args: [nextBin(), clientMode === 'dev' ? 'dev' : 'start', '-p', String(ports.client), '-H', '127.0.0.1'],
      cwd: clientDir,
      // Server-side requests go through the router, as in the cluster they go through the Ingress.
      env: { ...appEnv(ports.client), API_URL: local(ports.router), NEXT_TELEMETRY_DISABLED: '1' },
      output,
      pidFile: path.join(dataDir, 'client.pid'),
      onUnexpectedExit: (info) => reportExit(info),
    }),
  });
  let apps: Record<AppName, ManagedProcess> | undefined;
  const app = (name: AppName): ManagedProcess => {
    if (!apps) throw new Error('The stack has not started its apps');
    return apps[name];
  };
  const readiness: Record<AppName, { url: string; isReady?: (status: number) => boolean }> = {
    auth: { url: `${local(ports.auth)}/api/users/readyz` },
    tickets: { url: `${local(ports.tickets)}/api/tickets/readyz` },
    // Any answer means Next is serving; in dev mode this request also compiles the landing page.
    client: { url: `${local(ports.client)}/`, isReady: (status) => status < 500 },
  };
  const waitReady = (name: AppName) =>
    waitForHttp(readiness[name].url, {
      timeoutMs: readyTimeoutMs[name],
      exited: app(name).whenExited()?.then(describeExit),
      isReady: readiness[name].isReady,
      headers: { 'User-Agent': readinessAgent },
      signal: options.signal,
    });
  const startApp = async (name: AppName) => {
    app(name).start();
    await waitReady(name);
  };

  const buildClient = async () => {
    const build = new ManagedProcess({
      name: 'client:build',
      command: process.execPath,
      args: [nextBin(), 'build'],
      cwd: clientDir,
      env: { ...appEnv(ports.client), NEXT_TELEMETRY_DISABLED: '1' },
      output,
    });
    build.start();
    const result = await build.whenExited();
    if (result?.code !== 0) throw new Error(`next build failed (${result ? describeExit(result) : 'did not start'})`);
  };

  // --- router -----------------------------------------------------------------------------
  let router: Awaited<ReturnType<typeof startRouter>> | undefined;

  const stopAll = async () => {
    stopping = true;
    clearInterval(mongoWatch);
    await router?.stop();
    await Promise.all(Object.values(apps ?? {}).map((running) => running.stop()));
    await stopNats();
    await Promise.all((['auth', 'tickets'] as const).map((service) => mongos[service]?.stop()));
  };

  try {
    await Promise.all([
      runMongo('auth'),
      runMongo('tickets'),
      runNats(),
      clientMode === 'prod' ? buildClient() : undefined,
    ]);
    options.signal?.throwIfAborted();
    apps = createApps();
    router = await startRouter(
      {
        routes,
        backends: {
          'auth-srv': { name: 'auth', port: ports.auth },
          'tickets-srv': { name: 'tickets', port: ports.tickets },
          'client-srv': { name: 'client', port: ports.client },
        },
        log: (line) => output('router', line),
      },
      ports.router,
    );
    const started: AppName[] = clientMode === 'none' ? ['auth', 'tickets'] : ['auth', 'tickets', 'client'];
    await Promise.all(started.map(startApp));
    // An abort during the last readiness request would otherwise go unnoticed.
    options.signal?.throwIfAborted();
  } catch (err) {
    await stopAll();
    throw err;
  }

  const handle: Stack = Object.assign(emitter, {
    urls: {
      app: local(ports.router),
      auth: local(ports.auth),
      tickets: local(ports.tickets),
      client: local(ports.client),
      nats: `nats://127.0.0.1:${ports.nats}`,
      natsMonitor: local(ports.natsMonitor),
      authMongo: mongos.auth?.uri ?? '',
      ticketsMongo: mongos.tickets?.uri ?? '',
    },
    ports,
    dataDir,
    clusterId,
    pid: (name: AppName) => app(name).pid,
    stop: stopAll,
    stopService: (name: AppName) => app(name).stop(),
    startService: startApp,
    restartService: async (name: AppName) => {
      await app(name).stop();
      await startApp(name);
    },
    stopNats,
    startNats: runNats,
    stopMongo: async (service: ServiceName) => {
      const current = mongos[service];
      mongos[service] = undefined;
      await current?.stop();
    },
    startMongo: runMongo,
  });
  return handle;
};
