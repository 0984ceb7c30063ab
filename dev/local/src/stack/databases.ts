import fs from 'fs';
import path from 'path';
import { isPortOpen, Mongo, startMongo } from '@ticketing/toolkit';
import { ServiceName, StackContext } from './types';

const services: ServiceName[] = ['auth', 'tickets'];

/** A database per service, persisted under the data folder, on the stack's ports. */
export const databases = ({ dataDir, ports, reportExit }: StackContext) => {
  const mongos: Partial<Record<ServiceName, Mongo>> = {};
  const port = { auth: ports.authMongo, tickets: ports.ticketsMongo };
  const down: Record<ServiceName, boolean> = { auth: false, tickets: false };

  // The Mongo handle exposes no process: notice a database that dies by its port going quiet.
  const watch = setInterval(() => {
    for (const service of services) {
      if (!mongos[service] || down[service]) continue;
      void isPortOpen(port[service]).then((up) => {
        if (up || !mongos[service] || down[service]) return;
        down[service] = true;
        const name = `${service}-mongo`;
        reportExit({ name, code: null, signal: null }, `${name} stopped answering on port ${port[service]}`);
      });
    }
  }, 2000);
  watch.unref();

  const start = async (service: ServiceName) => {
    const dir = path.join(dataDir, `${service}-mongo`);
    fs.mkdirSync(dir, { recursive: true });
    mongos[service] = await startMongo({ dataDir: dir, port: port[service] });
    down[service] = false;
  };
  const stop = async (service: ServiceName) => {
    const current = mongos[service];
    mongos[service] = undefined;
    await current?.stop();
  };

  return {
    start,
    stop,
    /** Server URI without a database name, once started. */
    uri: (service: ServiceName) => mongos[service]?.uri ?? '',
    stopAll: async () => {
      clearInterval(watch);
      await Promise.all(services.map(stop));
    },
  };
};
