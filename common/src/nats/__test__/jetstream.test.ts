import { randomBytes } from 'crypto';
import { connect, NatsConnection } from 'nats';
import { NatsServer, startNatsServer } from '@ticketing/toolkit';
import { DeadLetter, DeadLetterEvent } from '../../events/dead-letter-event';
import { Subjects } from '../../events/subjects';
import { uniqueId } from '@ticketing/toolkit';
import { sleep, TestListener, TestPublisher, waitUntil } from '../../test/nats';
import { JetStreamListening, Listener } from '../base-listener';
import { ensureStream } from '../jetstream';

// The same Publisher and Listener classes as on NATS Streaming, on a real nats-server with JetStream.
jest.setTimeout(60_000);

let server: NatsServer;
let nc: NatsConnection;

const connectTo = () => connect({ servers: server.url });
// Test subjects live in a stream of their own; the events' stream holds the dead letters.
const testSubject = () => `test.${randomBytes(5).toString('hex')}` as Subjects;
const subscriptions: JetStreamListening[] = [];
const listening = (listener: { listen(): unknown }) => {
  const subscription = listener.listen() as JetStreamListening;
  subscriptions.push(subscription);
  return subscription;
};

class DeadLetterWatcher extends Listener<DeadLetterEvent> {
  subject: Subjects.DeadLetter = Subjects.DeadLetter;
  queueGroupName = uniqueId('watcher');
  letters: DeadLetter[] = [];

  onMessage(data: DeadLetter, msg: { ack(): void }) {
    this.letters.push(data);
    msg.ack();
  }
}

beforeAll(async () => {
  server = await startNatsServer();
  nc = await connectTo();
  await ensureStream(nc);
  await ensureStream(nc, { name: 'TEST', subjects: ['test.>'] });
});

afterAll(async () => {
  // Before their connections close, or the client complains about consumers cut off mid-pull.
  await Promise.all(subscriptions.map((subscription) => subscription.close()));
  await nc.close();
  await server.stop();
});

it('resolves publish once the stream stored the message, and delivers it to a listener that comes later', async () => {
  const subject = testSubject();
  await new TestPublisher(nc, subject).publish({ n: 1 });
  const listener = new TestListener(nc, subject, uniqueId('group'));
  await listening(listener).ready;
  expect(await listener.waitFor(1)).toEqual([{ data: { n: 1 }, redelivered: false }]);
});

it('gives each message to exactly one listener of a queue group, in order', async () => {
  const subject = testSubject();
  const group = uniqueId('group');
  const other = await connectTo();
  const first = new TestListener(nc, subject, group);
  const second = new TestListener(other, subject, group);
  await Promise.all([listening(first).ready, listening(second).ready]);
  const publisher = new TestPublisher(nc, subject);
  for (let n = 0; n < 20; n++) await publisher.publish({ n });
  await waitUntil(() => first.received.length + second.received.length >= 20, 10_000, '20 messages');
  await sleep(500);
  const all = [...first.received, ...second.received].map((m) => m.data.n).sort((a, b) => a - b);
  expect(all).toEqual(Array.from({ length: 20 }, (_, n) => n));
  await Promise.all(subscriptions.splice(0).map((subscription) => subscription.close()));
  await other.close();
});

it('lets a durable listener that was away receive only what was published meanwhile', async () => {
  const subject = testSubject();
  const group = uniqueId('group');
  const publisher = new TestPublisher(nc, subject);
  const before = new TestListener(nc, subject, group);
  const subscription = listening(before);
  await subscription.ready;
  await publisher.publish({ n: 1 });
  await before.waitFor(1);
  await sleep(200);
  await subscription.close();

  await publisher.publish({ n: 2 });
  await publisher.publish({ n: 3 });
  const after = new TestListener(nc, subject, group);
  await listening(after).ready;
  await after.waitFor(2);
  await sleep(300);
  expect(after.received.map((m) => m.data.n)).toEqual([2, 3]);
});

it('moves a message whose handler keeps throwing to the dead-letter subject after its budget, then goes on', async () => {
  const subject = testSubject();
  const group = uniqueId('group');
  const watcher = new DeadLetterWatcher(nc);
  await listening(watcher).ready;
  const tries: number[] = [];
  const listener = new TestListener(nc, subject, group, {
    retry: { attempts: 3, delayMs: 50, maxDelayMs: 200 },
    handle: ({ n }) => {
      tries.push(n);
      if (n === 1) throw new Error('boom');
    },
  });
  await listening(listener).ready;
  const publisher = new TestPublisher(nc, subject);
  await publisher.publish({ n: 1 });
  await publisher.publish({ n: 2 });
  await listener.waitFor(1);
  await waitUntil(() => watcher.letters.some((l) => l.queueGroup === group), 5000, 'the dead letter');
  expect(watcher.letters.filter((l) => l.queueGroup === group)).toEqual([
    expect.objectContaining({ subject, data: { n: 1 }, error: 'boom', attempts: 3, sequence: expect.any(Number) }),
  ]);
  expect(tries).toEqual([1, 1, 1, 2]);
});

it('keeps a message from being redelivered while a handler slower than ackWait runs', async () => {
  const subject = testSubject();
  let runs = 0;
  const listener = new TestListener(nc, subject, uniqueId('group'), {
    ackWait: 1000,
    handle: async () => {
      runs += 1;
      await sleep(2500);
    },
  });
  await listening(listener).ready;
  await new TestPublisher(nc, subject).publish({ n: 1 });
  await listener.waitFor(1, 10_000);
  await sleep(1500);
  expect(runs).toBe(1);
  expect(listener.received).toEqual([{ data: { n: 1 }, redelivered: false }]);
});

it('handles a backlog one at a time, in order', async () => {
  const subject = testSubject();
  const publisher = new TestPublisher(nc, subject);
  await Promise.all(Array.from({ length: 500 }, (_, n) => publisher.publish({ n, key: `record-${n}` })));
  let active = 0;
  let most = 0;
  const listener = new TestListener(nc, subject, uniqueId('group'), {
    handle: async () => {
      most = Math.max(most, ++active);
      await sleep(0);
      active -= 1;
    },
  });
  await listening(listener).ready;
  await listener.waitFor(500, 30_000);
  expect(listener.received.map((m) => m.data.n)).toEqual(Array.from({ length: 500 }, (_, n) => n));
  expect(most).toBe(1);
});
