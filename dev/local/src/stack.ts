import { EventEmitter } from 'events';
import path from 'path';
import { assertPortFree, freePort, stopLeftovers } from '@ticketing/toolkit';
import { EventTransport } from '@ticketing/common';
import { ExitInfo } from './managed-process';
import { describeExit } from './readiness';
import { ingressManifestPath, loadRouteTable } from './route-table';
import { startRouter } from './router';
import { apps, buildClient } from './stack/apps';
import { broker } from './stack/broker';
import { databases } from './stack/databases';
import { prefixedOutput } from './stack/output';
import {
  AppName,
  defaultDataDir,
  defaultPorts,
  PortName,
  Ports,
  ServiceName,
  Stack,
  StackContext,
  StackEvents,
  StackOptions,
} from './stack/types';

export * from './stack/types';
export { prefixedOutput } from './stack/output';

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

/** How the runner names the event bus: in its start-up lines and in a port clash. */
export const brokerName = (transport: EventTransport = 'stan') =>
  transport === 'jetstream' ? 'NATS JetStream' : 'NATS Streaming';

const portPurpose = (transport?: EventTransport): Record<PortName, string> => ({
  router: 'router',
  auth: 'auth',
  tickets: 'tickets',
  client: 'client',
  nats: brokerName(transport),
  natsMonitor: 'NATS monitoring',
  authMongo: "auth's database",
  ticketsMongo: "tickets' database",
});

/**
 * Starts the whole app on one machine: a database per service and the event broker (all
 * persisted under dataDir), auth, tickets and the client, and the router that mirrors the
 * Ingress. Resolves once every part answers its readiness check; on failure it stops what
 * it started and rejects with the reason.
 */
export const startStack = async (options: StackOptions): Promise<Stack> => {
  const output = options.output ?? prefixedOutput;
  const log = (line: string) => output('dev', line);
  const dataDir = path.resolve(options.dataDir ?? defaultDataDir);
  const ports = await resolvePorts(options.ports);
  // A run killed outright (kill -9) leaves its servers running on this data folder, holding its
  // ports and files: stop them first. Pid files name them; nothing else is touched.
  for (const leftover of await stopLeftovers(dataDir)) log(`stopped ${leftover}, left running by an earlier run`);
  // Fail before starting anything, naming the port, rather than with a child's stack trace.
  const purpose = portPurpose(options.transport);
  for (const name of Object.keys(ports) as PortName[]) await assertPortFree(ports[name], purpose[name]);

  const routes = loadRouteTable(options.ingressManifest ?? ingressManifestPath);
  const emitter = new EventEmitter<StackEvents>();
  let stopping = false;
  const context: StackContext = {
    options,
    dataDir,
    ports,
    clusterId: options.clusterId ?? 'ticketing',
    output,
    reportExit: (info: ExitInfo, message = describeExit(info)) => {
      if (stopping || options.signal?.aborted) return;
      log(message);
      emitter.emit('exit', info);
    },
  };
  const dbs = databases(context);
  const nats = broker(context);
  let running: ReturnType<typeof apps> | undefined;
  const app = () => {
    if (!running) throw new Error('The stack has not started its apps');
    return running;
  };
  let router: Awaited<ReturnType<typeof startRouter>> | undefined;

  const stopAll = async () => {
    stopping = true;
    await router?.stop();
    await running?.stopAll();
    await nats.stop();
    await dbs.stopAll();
  };

  try {
    await Promise.all([
      dbs.start('auth'),
      dbs.start('tickets'),
      nats.start(),
      options.client === 'prod' ? buildClient(context) : undefined,
    ]);
    options.signal?.throwIfAborted();
    running = apps(context, dbs.uri);
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
    const started: AppName[] = options.client === 'none' ? ['auth', 'tickets'] : ['auth', 'tickets', 'client'];
    await Promise.all(started.map(running.start));
    // An abort during the last readiness request would otherwise go unnoticed.
    options.signal?.throwIfAborted();
  } catch (err) {
    await stopAll();
    throw err;
  }

  const local = (port: number) => `http://127.0.0.1:${port}`;
  return Object.assign(emitter, {
    urls: {
      app: local(ports.router),
      auth: local(ports.auth),
      tickets: local(ports.tickets),
      client: local(ports.client),
      nats: `nats://127.0.0.1:${ports.nats}`,
      natsMonitor: local(ports.natsMonitor),
      authMongo: dbs.uri('auth'),
      ticketsMongo: dbs.uri('tickets'),
    },
    ports,
    dataDir,
    transport: options.transport ?? 'stan',
    clusterId: context.clusterId,
    pid: (name: AppName) => app().pid(name),
    stop: stopAll,
    stopService: (name: AppName) => app().stop(name),
    startService: (name: AppName) => app().start(name),
    restartService: async (name: AppName) => {
      await app().stop(name);
      await app().start(name);
    },
    stopNats: nats.stop,
    startNats: nats.start,
    stopMongo: (service: ServiceName) => dbs.stop(service),
    startMongo: (service: ServiceName) => dbs.start(service),
  });
};
