import path from 'path';
import { Broker, startNatsServer, startNatsStreaming, tail } from '@ticketing/toolkit';
import { describeExit } from '../readiness';
import { StackContext } from './types';

/** NATS Streaming (or nats-server with JetStream) with its file store under the data folder, on the stack's ports. */
export const broker = ({ options, dataDir, ports, clusterId, reportExit }: StackContext) => {
  let nats: Broker | undefined;
  return {
    start: async () => {
      const where = { port: ports.nats, monitorPort: ports.natsMonitor };
      const started =
        options.transport === 'jetstream'
          ? await startNatsServer({ ...where, storeDir: path.join(dataDir, 'jetstream') })
          : await startNatsStreaming({ ...where, clusterId, storeDir: path.join(dataDir, 'nats') });
      nats = started;
      started.process.child.once('exit', (code, signal) => {
        if (nats !== started) return;
        nats = undefined;
        const info = { name: 'nats', code, signal };
        reportExit(info, `${describeExit(info)}; the end of its log:\n${tail(started.process.logFile, 5)}`);
      });
    },
    stop: async () => {
      const current = nats;
      nats = undefined;
      await current?.stop();
    },
  };
};
