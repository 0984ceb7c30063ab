import path from 'path';
import { Broker, startNatsServer, startNatsStreaming, tail } from '@ticketing/toolkit';
import { describeExit } from '../readiness';
import { StackContext } from './types';

/**
 * The event broker on the stack's ports, its file store under the data folder: NATS Streaming in
 * `nats/`, or (transport 'jetstream') nats-server with JetStream in `jetstream/`, so neither
 * transport ever reads the other's store.
 */
export const broker = ({ options, dataDir, ports, clusterId, reportExit }: StackContext) => {
  let nats: Broker | undefined;
  const startBroker = (): Promise<Broker> =>
    options.transport === 'jetstream'
      ? startNatsServer({ port: ports.nats, monitorPort: ports.natsMonitor, storeDir: path.join(dataDir, 'jetstream') })
      : startNatsStreaming({
          clusterId,
          port: ports.nats,
          monitorPort: ports.natsMonitor,
          storeDir: path.join(dataDir, 'nats'),
        });
  return {
    start: async () => {
      const started = await startBroker();
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
