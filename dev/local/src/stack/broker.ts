import path from 'path';
import { NatsStreaming, startNatsStreaming, tail } from '@ticketing/toolkit';
import { describeExit } from '../readiness';
import { StackContext } from './types';

/** NATS Streaming with its file store under the data folder, on the stack's ports. */
export const broker = ({ dataDir, ports, clusterId, reportExit }: StackContext) => {
  let nats: NatsStreaming | undefined;
  return {
    start: async () => {
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
    },
    stop: async () => {
      const current = nats;
      nats = undefined;
      await current?.stop();
    },
  };
};
