import { testNats, uniqueId } from '@ticketing/toolkit';
import { Message, Stan } from 'node-nats-streaming';
import { Listener } from '../nats/base-listener';
import { Publisher } from '../nats/base-publisher';
import { NatsWrapper } from '../nats/nats-wrapper';
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
  data: { n: number };
}

export class TestPublisher extends Publisher<TestEvent> {
  constructor(
    client: Stan,
    public subject: Subjects,
  ) {
    super(client);
  }
}

/** Records what it receives; acknowledges unless told not to. */
export class TestListener extends Listener<TestEvent> {
  received: { data: TestEvent['data']; redelivered: boolean }[] = [];
  private waiters: (() => void)[] = [];

  constructor(
    client: Stan,
    public subject: Subjects,
    public queueGroupName: string,
    private ack = true,
    protected override ackWait = 5000,
  ) {
    super(client);
  }

  onMessage(data: TestEvent['data'], msg: Message) {
    this.received.push({ data, redelivered: msg.isRedelivered() });
    if (this.ack) msg.ack();
    this.waiters.forEach((wake) => wake());
  }

  /** Resolves once `count` messages have arrived, or rejects after `timeoutMs`. */
  async waitFor(count: number, timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (Date.now() > deadline) throw new Error(`Received ${this.received.length} of ${count} messages`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
    return this.received;
  }
}

export const testSubject = () => uniqueId('test') as Subjects;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
