import { AckPolicy, connect, ConnectionOptions, DeliverPolicy, nanos, NatsConnection } from 'nats';
import { eventStream, JetStreamListening, JetStreamSupervisor, TicketEventData } from '@ticketing/common';
import { poll, startNatsServer } from '@ticketing/toolkit';
import { configDifferences } from '../config-diff';
import { ACK_WAIT, BenchListener, BenchPublisher, idleBus, Transport } from './events-bus';

// What JetStreamSupervisor connects with (common/src/nats/jetstream-supervisor.ts).
const CONNECT_OPTIONS: ConnectionOptions = { maxReconnectAttempts: -1, reconnectTimeWait: 1000 };
const RAW_STREAM = 'BENCH_RAW';
const RAW_SUBJECT = 'bench:raw';

/**
 * The floor's stream and consumer, written out as common asks for them: the events' stream
 * settings; a durable pull consumer with explicit ack, deliver all, one unacknowledged message
 * (the Listener's default concurrency), five deliveries with backoff doubling from the ack wait.
 */
const setUpRaw = async (nc: NatsConnection) => {
  const jsm = await nc.jetstreamManager();
  await jsm.streams.add({ ...eventStream, name: RAW_STREAM, subjects: [RAW_SUBJECT] });
  await jsm.consumers.add(RAW_STREAM, {
    durable_name: 'bench-raw',
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: RAW_SUBJECT,
    ack_wait: nanos(ACK_WAIT),
    max_ack_pending: 1,
    max_deliver: 5,
    backoff: [1, 2, 4, 8].map((n) => nanos(ACK_WAIT * n)),
  });
  return nc.jetstream().consumers.get(RAW_STREAM, 'bench-raw');
};

/** Fails the suite when the floor's stream or consumer is not set up as common's, as the server reports them. */
const assertSameConfig = async (nc: NatsConnection) => {
  const jsm = await nc.jetstreamManager();
  const [common] = await jsm.consumers.list(eventStream.name).next();
  const raw = await jsm.consumers.info(RAW_STREAM, 'bench-raw');
  const differences = [
    ...configDifferences(
      (await jsm.streams.info(eventStream.name)).config,
      (await jsm.streams.info(RAW_STREAM)).config,
      ['name', 'subjects'],
    ),
    ...configDifferences(common.config, raw.config, ['name', 'durable_name', 'filter_subject']),
  ];
  if (differences.length) throw new Error(`The raw floor is not set up as common's: ${differences.join('; ')}`);
};

/**
 * JetStream (EVENT_TRANSPORT=jetstream): common's Publisher and Listener on the service's
 * JetStreamSupervisor connection against the raw `nats` client with the same stream, the same
 * consumer and one message in flight, publishing with the publish ack, JSON both ways.
 */
export const jetStreamTransport: Transport = {
  name: 'jetstream',
  open: async (workDir) => {
    const broker = await startNatsServer({ storeDir: `${workDir}/events-jetstream` });
    const settings = { url: broker.url, clusterId: '', clientId: 'bench-common' };
    const supervisors = [new JetStreamSupervisor(), new JetStreamSupervisor()];
    const raws: NatsConnection[] = [];
    let listening: JetStreamListening | undefined;
    const close = async () => {
      await listening?.close().catch(() => {});
      for (const supervisor of supervisors) await supervisor.stop().catch(() => {});
      for (const nc of raws) await nc.close().catch(() => {});
      await broker.stop();
    };
    try {
      for (const supervisor of supervisors) {
        supervisor.start(settings);
        await poll('the JetStream connection', async () => supervisor.isConnected);
      }
      const publisher = new BenchPublisher(supervisors[0].client);
      const common = idleBus((data) => publisher.publish(data));
      const subscription = new BenchListener(supervisors[1].client, common).listen();
      if (!('ready' in subscription)) throw new Error('The Listener did not subscribe on JetStream');
      listening = subscription;
      await listening.ready;

      raws.push(await connect({ ...CONNECT_OPTIONS, servers: broker.url }));
      raws.push(await connect({ ...CONNECT_OPTIONS, servers: broker.url }));
      const js = raws[0].jetstream();
      const raw = idleBus(async (data) => {
        await js.publish(RAW_SUBJECT, JSON.stringify(data));
      });
      // As common's Listener pulls by default: one message at a time, so they are handled in order.
      const messages = await (await setUpRaw(raws[1])).consume({ max_messages: 1 });
      void (async () => {
        for await (const msg of messages) {
          raw.onReceive(msg.json<TicketEventData>());
          msg.ack();
        }
      })();
      await assertSameConfig(raws[1]);
      return {
        common,
        raw,
        floor: 'raw nats 2.x, same stream, consumer and options',
        broker: { name: 'nats-server', pid: broker.process.child.pid },
        notes: ['Stream and consumer settings of both sides were checked equal on the server before measuring.'],
        close,
      };
    } catch (err) {
      await close();
      throw err;
    }
  },
};
