import { testNats, uniqueId } from '@ticketing/toolkit';
import { Message, Stan, Subscription } from 'node-nats-streaming';
import { JetStreamListening, Listener, ListenerMessage, RetryPolicy } from '../nats/base-listener';
import { DeadLetter } from '../events/dead-letter-event';
import { Publisher } from '../nats/base-publisher';
import { NatsWrapper } from '../nats/nats-wrapper';
import { EventClient } from '../nats/event-client';
import { Subjects } from '../events/subjects';

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

/** Collects the dead letters a queue group leaves, from the start of the dead-letter subject. */
export const watchDeadLetters = (client: Stan, queueGroup: string) => {
  const letters: DeadLetter[] = [];
  const options = client.subscriptionOptions().setDeliverAllAvailable();
  const subscription = client.subscribe(Subjects.DeadLetter, options);
  subscription.on('message', (msg: Message) => {
    const letter = JSON.parse(String(msg.getData())) as DeadLetter;
    if (letter.queueGroup === queueGroup) letters.push(letter);
  });
  return { letters, close: () => subscription.unsubscribe() };
};

export const testSubject = () => uniqueId('test') as Subjects;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The NATS Streaming subscription `listen()` returned, to watch the broker's deliveries themselves. */
export const stanSubscription = (listening: Subscription | JetStreamListening): Subscription => {
  if (!('on' in listening)) throw new Error('Not a NATS Streaming subscription');
  return listening;
};
