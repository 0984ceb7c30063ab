import { uniqueId } from '@ticketing/toolkit';
import { logger } from '../../logger';
import {
  connectTestClient,
  sleep,
  subscribe,
  TestListener,
  TestPublisher,
  testTransports,
  useTransport,
  waitUntil,
  watchDeadLetters,
} from '../../test/nats';
import { NatsWrapper } from '../nats-wrapper';

jest.setTimeout(60_000);

describe.each(testTransports())('on $name', (transport) => {
  const nats = useTransport(transport);
  const { listen } = nats;

  it('resolves publish only after the broker stored the message', async () => {
    const subject = transport.subject();
    await new TestPublisher(nats.client, subject).publish({ n: 1 });
    // Published before anyone listened: only a stored message can reach this listener.
    const listener = new TestListener(nats.client, subject, uniqueId('group'));
    await listen(listener);
    expect(await listener.waitFor(1)).toEqual([{ data: { n: 1 }, redelivered: false, sequence: expect.any(Number) }]);
  });

  it('delivers the typed, parsed data to a listener', async () => {
    const subject = transport.subject();
    const listener = new TestListener(nats.client, subject, uniqueId('group'));
    await listen(listener);
    await new TestPublisher(nats.client, subject).publish({ n: 42 });
    const [first] = await listener.waitFor(1);
    expect(first.data).toEqual({ n: 42 });
  });

  it('redelivers, after ackWait, a message whose consumer went away before acknowledging it', async () => {
    const subject = transport.subject();
    const group = uniqueId('group');
    const dying = await transport.connect();
    let holding!: () => void;
    const first = new TestListener(dying.client, subject, group, {
      ackWait: 1000,
      // Never finishes while this consumer lives.
      handle: () => new Promise<void>((resolve) => (holding = resolve)),
    });
    await subscribe(first);
    await new TestPublisher(nats.client, subject).publish({ n: 7 });
    await waitUntil(() => holding !== undefined, 5000, 'the first consumer to get the message');
    // Gone without a word, as a crashed service: the broker still counts the message as unacknowledged.
    await dying.close();
    holding();

    const second = new TestListener(nats.client, subject, group, { ackWait: 1000 });
    await listen(second);
    expect(await second.waitFor(1)).toEqual([{ data: { n: 7 }, redelivered: true, sequence: expect.any(Number) }]);
  });

  it('does not redeliver an acknowledged message', async () => {
    const subject = transport.subject();
    const listener = new TestListener(nats.client, subject, uniqueId('group'), { ackWait: 1000 });
    await listen(listener);
    await new TestPublisher(nats.client, subject).publish({ n: 8 });
    await listener.waitFor(1);
    await sleep(2500);
    expect(listener.received).toHaveLength(1);
  });

  it('gives each message to exactly one listener of a queue group', async () => {
    const subject = transport.subject();
    const group = uniqueId('group');
    const other = await transport.connect();
    const first = new TestListener(nats.client, subject, group);
    const second = new TestListener(other.client, subject, group);
    await listen(first);
    const otherSubscription = await subscribe(second);
    const publisher = new TestPublisher(nats.client, subject);
    for (let n = 0; n < 20; n++) await publisher.publish({ n });
    await waitUntil(() => first.received.length + second.received.length >= 20, 10_000, '20 messages');
    await sleep(1000);
    const all = [...first.received, ...second.received].map((m) => m.data.n).sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 20 }, (_, n) => n));
    await otherSubscription.close();
    await other.close();
  });

  it('lets a durable listener that was away receive what was published meanwhile', async () => {
    const subject = transport.subject();
    const group = uniqueId('group');
    const away = await transport.connect();
    const before = new TestListener(away.client, subject, group);
    const subscription = await subscribe(before);
    const publisher = new TestPublisher(nats.client, subject);
    await publisher.publish({ n: 1 });
    await before.waitFor(1);
    // Its acknowledgement on its way to the broker before the listener leaves.
    await sleep(200);
    await subscription.close();
    await away.close();
    await transport.settled(nats.client, subject, group);

    await publisher.publish({ n: 2 });
    await publisher.publish({ n: 3 });

    const back = await transport.connect();
    const after = new TestListener(back.client, subject, group);
    const again = await subscribe(after);
    const received = await after.waitFor(2);
    await sleep(500);
    // Only what it missed: the acknowledged first message is not read again.
    expect(after.received.map((m) => m.data.n)).toEqual([2, 3]);
    expect(received.every((m) => !m.redelivered)).toBe(true);
    await again.close();
    await back.close();
  });

  it('dead-letters a payload that is not JSON at once, and keeps handling the next one', async () => {
    const subject = transport.subject();
    const group = uniqueId('group');
    const spy = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    const deadLetters = await watchDeadLetters(nats.client, group);
    const listener = new TestListener(nats.client, subject, group);
    await listen(listener);
    await transport.publishRaw(nats.client, subject, 'not json {');
    await new TestPublisher(nats.client, subject).publish({ n: 5 });
    const [next] = await listener.waitFor(1);
    expect(next.data).toEqual({ n: 5 });
    // Published just before the next one, with nothing else in between.
    const sequence = next.sequence - 1;
    await waitUntil(() => deadLetters.letters.length > 0, 5000, 'the dead letter');
    expect(deadLetters.letters).toEqual([
      expect.objectContaining({
        subject,
        sequence,
        data: 'not json {',
        attempts: 1,
        error: expect.stringMatching(/^Payload is not valid JSON/),
      }),
    ]);
    expect(spy).toHaveBeenCalledWith(
      expect.objectContaining({ subject, sequence }),
      'Event moved to the dead-letter subject',
    );
    await deadLetters.close();
    spy.mockRestore();
  });

  it('rejects a publish when the broker is unreachable instead of hanging', async () => {
    const own = await transport.startOwn();
    await own.stop();
    await expect(new TestPublisher(own.connection.client, transport.subject()).publish({ n: 1 })).rejects.toThrow();
    await own.connection.close();
  });
});

it('parses string and Buffer payloads alike', () => {
  const listener = new TestListener({} as NatsWrapper['client'], 'test' as TestListener['subject'], 'g');
  const message = (data: string | Buffer) => ({ getData: () => data }) as Parameters<typeof listener.parseMessage>[0];
  expect(listener.parseMessage(message('{"n":1}'))).toEqual({ n: 1 });
  expect(listener.parseMessage(message(Buffer.from('{"n":2}')))).toEqual({ n: 2 });
});

// NATS Streaming's connection; JetStream's is the nats client's own (see JetStreamSupervisor).
describe('NatsWrapper', () => {
  it('throws when the client is used before connecting', () => {
    expect(() => new NatsWrapper().client).toThrow('Cannot access NATS client before connecting');
  });

  it('rejects connect when no broker answers', async () => {
    const wrapper = new NatsWrapper();
    await expect(
      wrapper.connect('ticketing', uniqueId('nobody'), 'nats://127.0.0.1:1', { maxReconnectAttempts: 0 }),
    ).rejects.toThrow();
  });

  it('closes, after which the client is gone', async () => {
    const wrapper = await connectTestClient('closing');
    await wrapper.close();
    expect(() => wrapper.client).toThrow();
  });

  it('closes at once when the client was already closed', async () => {
    const wrapper = await connectTestClient('closed-elsewhere');
    const { client } = wrapper;
    await new Promise((resolve) => {
      client.once('close', resolve);
      client.close();
    });
    let resolved = false;
    void wrapper.close().then(() => (resolved = true));
    await sleep(200);
    expect(resolved).toBe(true);
  });

  it('keeps an error listener after connecting: a later error is logged, not thrown', async () => {
    const wrapper = await connectTestClient('erring');
    const spy = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    try {
      const err = new Error('stale connection');
      // Without a listener, EventEmitter throws on 'error' (an uncaught exception in a service).
      expect(() => wrapper.client.emit('error', err)).not.toThrow();
      expect(spy).toHaveBeenCalledWith(expect.objectContaining({ err }), 'NATS error');
    } finally {
      spy.mockRestore();
      await wrapper.close();
    }
  });
});
