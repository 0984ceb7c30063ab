import { once } from 'events';
import { NatsServer, poll, startNatsServer, startNatsStreaming, testNats, uniqueId } from '@ticketing/toolkit';
import { connect, NatsConnection } from 'nats';
import { StanOptions, Subscription } from 'node-nats-streaming';
import { JetStreamListening, Listener, ListenerMessage, RetryPolicy } from '../nats/base-listener';
import { DeadLetter, DeadLetterEvent } from '../events/dead-letter-event';
import { Publisher } from '../nats/base-publisher';
import { NatsWrapper } from '../nats/nats-wrapper';
import { EventClient, isStan } from '../nats/event-client';
import { consumerName, ensureStream } from '../nats/jetstream';
import { Subjects } from '../events/subjects';
import { setTimeout as sleep } from 'timers/promises';

/** A fresh connection to a NATS Streaming broker (the run's test broker by default); close it with `wrapper.close()`. */
export const connectTestClient = async (name = 'test', { url, clusterId } = testNats(), options: StanOptions = {}) => {
  const wrapper = new NatsWrapper();
  await wrapper.connect(clusterId, uniqueId(name), url, options);
  return wrapper;
};

// The test files share one broker, so every test uses its own subject; the typed
// Subjects enum is bypassed only here, for that isolation.
export interface TestEvent {
  subject: Subjects;
  /** `key` orders messages among themselves under concurrency. */
  data: { n: number; key?: string };
}

export class TestPublisher extends Publisher<TestEvent> {
  constructor(
    client: EventClient,
    public subject: Subjects,
  ) {
    super(client);
  }
}

export interface TestListenerOptions {
  /** Acknowledge each message (default true); false leaves every one unacknowledged. */
  ack?: boolean;
  ackWait?: number;
  concurrency?: number;
  retry?: RetryPolicy;
  /** Runs before the message is recorded; throw to fail it. */
  handle?: (data: TestEvent['data'], msg: ListenerMessage) => void | Promise<void>;
}

/** Records what it handles; acknowledges unless told not to. */
export class TestListener extends Listener<TestEvent> {
  received: { data: TestEvent['data']; redelivered: boolean; sequence: number }[] = [];
  private waiters: (() => void)[] = [];
  private readonly ack: boolean;
  private readonly before?: TestListenerOptions['handle'];

  constructor(
    client: EventClient,
    public subject: Subjects,
    public queueGroupName: string,
    options: TestListenerOptions = {},
  ) {
    super(client);
    this.ack = options.ack ?? true;
    this.before = options.handle;
    this.ackWait = options.ackWait ?? this.ackWait;
    this.concurrency = options.concurrency ?? this.concurrency;
    this.retry = options.retry ?? this.retry;
  }

  protected override orderingKey(data: TestEvent['data']): string {
    return data.key ?? '';
  }

  async onMessage(data: TestEvent['data'], msg: ListenerMessage) {
    await this.before?.(data, msg);
    this.received.push({ data, redelivered: msg.isRedelivered(), sequence: msg.getSequence() });
    if (this.ack) msg.ack();
    this.waiters.forEach((wake) => wake());
  }

  /** Resolves once `count` messages have arrived, or rejects after `timeoutMs`. */
  async waitFor(count: number, timeoutMs = 10_000) {
    await waitUntil(() => this.received.length >= count, timeoutMs, `${count} messages (have ${this.received.length})`);
    return this.received;
  }
}

export const waitUntil = async (condition: () => boolean, timeoutMs: number, what: string) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(20);
  }
};

/** Reads the dead-letter subject from its start, through a Listener like any consumer. */
class DeadLetterWatcher extends Listener<DeadLetterEvent> {
  subject: Subjects.DeadLetter = Subjects.DeadLetter;
  queueGroupName = uniqueId('dead-letter-watcher');
  readonly letters: DeadLetter[] = [];

  constructor(
    client: EventClient,
    private readonly queueGroup: string,
  ) {
    super(client);
  }

  onMessage(letter: DeadLetter, msg: ListenerMessage) {
    if (letter.queueGroup === this.queueGroup) this.letters.push(letter);
    msg.ack();
  }
}

/** What a test keeps of a subscription, on either transport: `close` stops it (a durable one stays on the broker). */
export interface TestSubscription {
  close(): Promise<void>;
}

/** Subscribes, and resolves once the broker has the subscription (so what is published next reaches it). */
export const subscribe = async (listener: {
  listen(): Subscription | JetStreamListening;
}): Promise<TestSubscription> => {
  const listening = listener.listen();
  if ('ready' in listening) {
    await listening.ready;
    return listening;
  }
  await once(listening, 'ready');
  return {
    close: async () => {
      if (listening.isClosed()) return;
      listening.close();
      await once(listening, 'closed');
    },
  };
};

/** Collects the dead letters a queue group leaves, once watching; `close` to stop. */
export const watchDeadLetters = async (client: EventClient, queueGroup: string) => {
  const watcher = new DeadLetterWatcher(client, queueGroup);
  const subscription = await subscribe(watcher);
  return { letters: watcher.letters, close: () => subscription.close() };
};

export const testSubject = () => uniqueId('test') as Subjects;
export { sleep };

/** A connection the tests publish and listen on; `close` it when done. */
export interface TestConnection {
  client: EventClient;
  close(): Promise<void>;
}

/** A transport the shared tests run on: its server, connections to it, and subjects it stores. */
export interface TestTransport {
  name: 'stan' | 'jetstream';
  start(): Promise<void>;
  stop(): Promise<void>;
  connect(): Promise<TestConnection>;
  subject(): Subjects;
  /** Publishes `text` as it is, as no Publisher would (e.g. a payload that is not JSON). */
  publishRaw(client: EventClient, subject: Subjects, text: string): Promise<void>;
  /** A server of the test's own, for a test that stops it, and a connection to it. */
  startOwn(): Promise<{ connection: TestConnection; stop(): Promise<void> }>;
  /**
   * Resolves once the broker holds nothing for a queue group's members that left. On JetStream a pull
   * request of a closed connection, until the server drops it, takes the next message and keeps it
   * until its ackWait; NATS Streaming hands nothing to a closed subscription.
   */
  settled(client: EventClient, subject: Subjects, queueGroup: string): Promise<void>;
}

/** The JetStream of a nats-server: the events' stream, and the test subjects (`test.<id>`) in one of their own. */
const startJetStream = async (): Promise<NatsServer> => {
  const server = await startNatsServer();
  const nc = await connect({ servers: server.url });
  await ensureStream(nc);
  await ensureStream(nc, { name: 'TEST', subjects: ['test.>'] });
  await nc.close();
  return server;
};

const jetStreamConnection = async (url: string): Promise<TestConnection> => {
  const nc: NatsConnection = await connect({ servers: url });
  return { client: nc, close: () => nc.close() };
};

const stanConnection = async (settings?: { url: string; clusterId: string }, options?: StanOptions) => {
  const wrapper = await connectTestClient('test', settings, options);
  return { client: wrapper.client, close: () => wrapper.close() };
};

/** Starts a server, and connects to it; stops it again if connecting fails. */
const startOwn = async <S extends { stop(): Promise<void> }>(
  start: () => Promise<S>,
  connectTo: (server: S) => Promise<TestConnection>,
) => {
  const server = await start();
  try {
    return { connection: await connectTo(server), stop: () => server.stop() };
  } catch (err) {
    await server.stop();
    throw err;
  }
};

/** NATS Streaming: the run's shared broker. JetStream: a nats-server of the test file's own. */
export const testTransports = (): TestTransport[] => {
  let server: NatsServer | undefined;
  return [
    {
      name: 'stan',
      start: async () => {},
      stop: async () => {},
      connect: () => stanConnection(),
      subject: testSubject,
      publishRaw: (client, subject, text) =>
        new Promise<void>((resolve, reject) => {
          if (!isStan(client)) throw new Error('Not a NATS Streaming client');
          client.publish(subject, text, (err) => (err ? reject(err) : resolve()));
        }),
      // Publishes to a broker that went away fail after a second rather than the client's 30.
      startOwn: () => startOwn(startNatsStreaming, (own) => stanConnection(own, { ackTimeout: 1000 })),
      settled: async () => {},
    },
    {
      name: 'jetstream',
      start: async () => {
        server = await startJetStream();
      },
      stop: async () => {
        await server?.stop();
      },
      connect: () => jetStreamConnection(server!.url),
      subject: () => `test.${uniqueId('s')}` as Subjects,
      publishRaw: async (client, subject, text) => {
        if (isStan(client)) throw new Error('Not a NATS connection');
        await client.jetstream().publish(subject, text);
      },
      startOwn: () => startOwn(startJetStream, (own) => jetStreamConnection(own.url)),
      settled: async (client, subject, queueGroup) => {
        if (isStan(client)) throw new Error('Not a NATS connection');
        const jsm = await client.jetstreamManager();
        const stream = await jsm.streams.find(subject);
        await poll(`no pull request waiting on ${queueGroup}`, async () => {
          const info = await jsm.consumers.info(stream, consumerName(queueGroup, subject));
          return info.num_waiting === 0;
        });
      },
    },
  ];
};

/**
 * A describe block's use of one transport: its server started and one connection opened before the
 * block, and `listen`, whose subscriptions close at the block's end before the connection does (a
 * JetStream consumer cut off mid-pull makes the client complain).
 */
export const useTransport = (transport: TestTransport) => {
  let connection: TestConnection | undefined;
  const subscriptions: TestSubscription[] = [];

  beforeAll(async () => {
    await transport.start();
    connection = await transport.connect();
  });

  afterAll(async () => {
    await Promise.all(subscriptions.map((subscription) => subscription.close().catch(() => undefined)));
    await connection?.close();
    await transport.stop();
  });

  return {
    /** The block's connection, open from beforeAll on. */
    get client(): EventClient {
      if (!connection) throw new Error('useTransport: no connection before beforeAll');
      return connection.client;
    },
    /** Subscribes until the end of the block. */
    listen: async (listener: Parameters<typeof subscribe>[0]): Promise<TestSubscription> => {
      const subscription = await subscribe(listener);
      subscriptions.push(subscription);
      return subscription;
    },
  };
};
