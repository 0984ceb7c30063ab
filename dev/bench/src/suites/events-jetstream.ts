import { AckPolicy, connect, ConnectionOptions, ConsumerMessages, DeliverPolicy, nanos, NatsConnection } from 'nats';
import { ensureStream, eventStream, JetStreamListening, TicketEventData } from '@ticketing/common';
import { startNatsServer } from '@ticketing/toolkit';
import { configDifferences } from '../config-diff';
import { ACK_WAIT, BenchListener, BenchPublisher, idleBus, Transport } from './events-bus';

// What JetStreamSupervisor connects with (common/src/nats/jetstream-supervisor.ts), on both sides.
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
 * JetStream (EVENT_TRANSPORT=jetstream): common's Publisher and Listener against the raw `nats`
 * client with the same connection options, stream and consumer, one message in flight,
 * publishing with the publish ack, JSON both ways.
 */
export const jetStreamTransport: Transport = {
  name: 'jetstream',
  open: async (workDir) => {
    const broker = await startNatsServer({ storeDir: `${workDir}/events-jetstream` });
    const connections: NatsConnection[] = [];
    const open = async () => {
      connections.push(await connect({ ...CONNECT_OPTIONS, servers: broker.url }));
      return connections[connections.length - 1];
    };
    let listening: JetStreamListening | undefined;
    let rawMessages: ConsumerMessages | undefined;
    const close = async () => {
      // Consumers first: a pull consumer left running on a closed connection keeps the process alive.
      await listening?.close().catch(() => {});
      await rawMessages?.close().catch(() => {});
      for (const nc of connections) await nc.close().catch(() => {});
      await broker.stop();
    };
    try {
      // As JetStreamSupervisor connects a service: the events' stream in place before publishing.
      const [commonPub, commonSub] = [await open(), await open()];
      await ensureStream(commonPub);
      const publisher = new BenchPublisher(commonPub);
      const common = idleBus((data) => publisher.publish(data));
      const subscription = new BenchListener(commonSub, common).listen();
      if (!('ready' in subscription)) throw new Error('The Listener did not subscribe on JetStream');
      listening = subscription;
      await listening.ready;

      const [rawPub, rawSub] = [await open(), await open()];
      const js = rawPub.jetstream();
      const raw = idleBus(async (data) => {
        await js.publish(RAW_SUBJECT, JSON.stringify(data));
      });
      // As common's Listener pulls by default: one message at a time, so they are handled in order.
      const messages = await (await setUpRaw(rawSub)).consume({ max_messages: 1 });
      rawMessages = messages;
      void (async () => {
        for await (const msg of messages) {
          raw.onReceive(msg.json<TicketEventData>());
          msg.ack();
        }
      })();
      await assertSameConfig(rawSub);
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
