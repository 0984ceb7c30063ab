import { randomBytes } from 'crypto';
import nats, { Message, Stan, StanOptions } from 'node-nats-streaming';
import { NatsWrapper, TicketEventData } from '@ticketing/common';
import { startNatsStreaming } from '@ticketing/toolkit';
import { ACK_WAIT, BenchListener, BenchPublisher, idleBus, Transport } from './events-bus';

// What the tickets service connects with (the defaults of common/src/nats/nats-supervisor.ts).
const STAN_OPTIONS: StanOptions = { ackTimeout: 5000, reconnectTimeWait: 1000, maxReconnectAttempts: -1 };

const connectRaw = (clusterId: string, clientId: string, url: string): Promise<Stan> =>
  new Promise((resolve, reject) => {
    const client = nats.connect(clusterId, clientId, { url, ...STAN_OPTIONS });
    client.once('connect', () => resolve(client));
    client.once('error', reject);
  });

const closeRaw = (client: Stan) =>
  new Promise<void>((resolve) => {
    client.once('close', () => resolve());
    client.close();
  });

/**
 * NATS Streaming: common's Publisher and Listener against raw node-nats-streaming with the same
 * connection and subscription options (manual ack, ack wait, one in flight, durable queue group,
 * deliver all), JSON both ways.
 */
export const stanTransport: Transport = {
  name: 'stan',
  open: async (workDir) => {
    const broker = await startNatsStreaming({ storeDir: `${workDir}/events-nats`, clusterId: 'bench' });
    const id = () => randomBytes(4).toString('hex');
    const wrappers = [new NatsWrapper(), new NatsWrapper()];
    const raws: Stan[] = [];
    const close = async () => {
      for (const wrapper of wrappers) await wrapper.close().catch(() => {});
      for (const client of raws) await closeRaw(client).catch(() => {});
      await broker.stop();
    };
    try {
      await wrappers[0].connect(broker.clusterId, `common-pub-${id()}`, broker.url, STAN_OPTIONS);
      await wrappers[1].connect(broker.clusterId, `common-sub-${id()}`, broker.url, STAN_OPTIONS);
      const publisher = new BenchPublisher(wrappers[0].client);
      const common = idleBus((data) => publisher.publish(data));
      new BenchListener(wrappers[1].client, common).listen();

      raws.push(await connectRaw(broker.clusterId, `raw-pub-${id()}`, broker.url));
      raws.push(await connectRaw(broker.clusterId, `raw-sub-${id()}`, broker.url));
      const raw = idleBus(
        (data) =>
          new Promise((resolve, reject) =>
            raws[0].publish('bench:raw', JSON.stringify(data), (err) => (err ? reject(err) : resolve())),
          ),
      );
      const options = raws[1]
        .subscriptionOptions()
        .setDeliverAllAvailable()
        .setManualAckMode(true)
        .setAckWait(ACK_WAIT)
        // As common's Listener subscribes by default: one message in flight, so they are handled in order.
        .setMaxInFlight(1)
        .setDurableName('bench-raw');
      raws[1].subscribe('bench:raw', 'bench-raw', options).on('message', (msg: Message) => {
        const payload = msg.getData();
        raw.onReceive(JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8')) as TicketEventData);
        msg.ack();
      });
      return {
        common,
        raw,
        floor: 'raw node-nats-streaming, same options',
        broker: { name: 'nats-streaming', pid: broker.process.child.pid },
        notes: [],
        close,
      };
    } catch (err) {
      await close();
      throw err;
    }
  },
};
