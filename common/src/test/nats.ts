import { NatsServer, startNatsServer, testNats, uniqueId } from '@ticketing/toolkit';
import { connect } from 'nats';
import { Subscription } from 'node-nats-streaming';
import { JetStreamListening, Listener, ListenerMessage, RetryPolicy } from '../nats/base-listener';
import { DeadLetter, DeadLetterEvent } from '../events/dead-letter-event';
import { Publisher } from '../nats/base-publisher';
import { NatsWrapper } from '../nats/nats-wrapper';
import { EventClient } from '../nats/event-client';
import { ensureStream } from '../nats/jetstream';
import { Subjects } from '../events/subjects';
import { setTimeout as sleep } from 'timers/promises';

/** A fresh connection to the run's test broker; close it with `wrapper.close()`. */
export const connectTestClient = async (name = 'test') => {
  const { url, clusterId } = testNats();
  const wrapper = new NatsWrapper();
  await wrapper.connect(clusterId, uniqueId(name), url);
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
  received: { data: TestEvent['data']; redelivered: boolean }[] = [];
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
    this.received.push({ data, redelivered: msg.isRedelivered() });
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

/** Collects the dead letters a queue group leaves; `ready` once watching, `close` to stop. */
export const watchDeadLetters = (client: EventClient, queueGroup: string) => {
  const watcher = new DeadLetterWatcher(client, queueGroup);
  const subscription = watcher.listen();
  const onStan = 'unsubscribe' in subscription;
  return {
    letters: watcher.letters,
    ready: onStan ? Promise.resolve() : subscription.ready,
    close: async () => (onStan ? subscription.unsubscribe() : subscription.close()),
  };
};

export const testSubject = () => uniqueId('test') as Subjects;
export { sleep };

/** The NATS Streaming subscription `listen()` returned, to watch the broker's deliveries themselves. */
export const stanSubscription = (listening: Subscription | JetStreamListening): Subscription => {
  if (!('on' in listening)) throw new Error('Not a NATS Streaming subscription');
  return listening;
};

/** A transport the shared tests run on: its server, connections to it, and subjects it stores. */
export interface TestTransport {
  name: 'stan' | 'jetstream';
  start(): Promise<void>;
  stop(): Promise<void>;
  connect(): Promise<{ client: EventClient; close(): Promise<void> }>;
  subject(): Subjects;
}

/** NATS Streaming: the run's shared broker. JetStream: a nats-server of the test file's own. */
export const testTransports = (): TestTransport[] => {
  let server: NatsServer | undefined;
  return [
    {
      name: 'stan',
      start: async () => {},
      stop: async () => {},
      connect: async () => {
        const wrapper = await connectTestClient();
        return { client: wrapper.client, close: () => wrapper.close() };
      },
      subject: testSubject,
    },
    {
      name: 'jetstream',
      start: async () => {
        server = await startNatsServer();
        const nc = await connect({ servers: server.url });
        await ensureStream(nc);
        // Test subjects are `test.<id>`, all in one stream of their own.
        await ensureStream(nc, { name: 'TEST', subjects: ['test.>'] });
        await nc.close();
      },
      stop: async () => {
        await server?.stop();
      },
      connect: async () => {
        const nc = await connect({ servers: server!.url });
        return { client: nc, close: () => nc.close() };
      },
      subject: () => `test.${uniqueId('s')}` as Subjects,
    },
  ];
};
