import { uniqueId } from '@ticketing/toolkit';
import { logger } from '../../logger';
import { ListenerMessage } from '../base-listener';
import {
  sleep,
  subscribe,
  TestListener,
  TestPublisher,
  testTransports,
  useTransport,
  waitUntil,
  watchDeadLetters,
} from '../../test/nats';

jest.setTimeout(60_000);

/** Counts how many handlers run at once. */
const overlap = () => {
  let active = 0;
  const state = { max: 0 };
  const around = async (work: () => Promise<unknown>) => {
    active += 1;
    state.max = Math.max(state.max, active);
    try {
      await work();
    } finally {
      active -= 1;
    }
  };
  return { state, around };
};

/** Counts the redeliveries listeners ignore because their message is still being handled, until `stop()`. */
const countIgnoredRedeliveries = () => {
  const spy = jest.spyOn(logger, 'debug');
  return {
    stop: () => {
      const ignored = spy.mock.calls.filter(
        ([, text]) => text === 'Ignoring a redelivery of an event still being handled',
      );
      spy.mockRestore();
      return ignored.length;
    },
  };
};

describe.each(testTransports())('on $name', (transport) => {
  const nats = useTransport(transport);
  const { listen } = nats;

  it('consumes a 5 000-message backlog after an outage one at a time, in order, with no redelivery', async () => {
    const subject = transport.subject();
    const group = uniqueId('group');
    const away = await transport.connect();
    const first = new TestListener(away.client, subject, group);
    const before = await subscribe(first);
    const publisher = new TestPublisher(nats.client, subject);
    await publisher.publish({ n: -1 });
    await first.waitFor(1);
    await sleep(300);
    await before.close();
    await away.close();

    const total = 5000;
    // Each about a record of its own: nothing but the default keeps them from running side by side.
    await Promise.all(Array.from({ length: total }, (_, n) => publisher.publish({ n, key: `record-${n}` })));

    const { state, around } = overlap();
    // The backlog takes longer than ackWait to get through: nothing may come back meanwhile.
    const listener = new TestListener(nats.client, subject, group, {
      ackWait: 1000,
      handle: () => around(() => sleep(0)),
    });
    const counting = countIgnoredRedeliveries();
    await listen(listener);
    await listener.waitFor(total, 45_000);
    await sleep(1500);
    const ignored = counting.stop();

    // Each message handled once (a redelivery after its ack would show here), in order, none sent twice.
    expect(listener.received.map((m) => m.data.n)).toEqual(Array.from({ length: total }, (_, n) => n));
    expect(listener.received.filter((m) => m.redelivered)).toEqual([]);
    expect(ignored).toBe(0);
    expect(state.max).toBe(1);
  });

  it('with opt-in concurrency, runs messages side by side but keeps each key in order', async () => {
    const subject = transport.subject();
    const { state, around } = overlap();
    const listener = new TestListener(nats.client, subject, uniqueId('group'), {
      concurrency: 8,
      handle: () => around(() => sleep(Math.random() * 10)),
    });
    await listen(listener);
    const keys = ['a', 'b', 'c', 'd'];
    const publisher = new TestPublisher(nats.client, subject);
    await Promise.all(Array.from({ length: 80 }, (_, n) => publisher.publish({ n, key: keys[n % keys.length] })));
    await listener.waitFor(80);

    for (const key of keys) {
      const order = listener.received.filter((m) => m.data.key === key).map((m) => m.data.n);
      expect(order).toEqual([...order].sort((a, b) => a - b));
      expect(order).toHaveLength(20);
    }
    expect(state.max).toBeGreaterThan(1);
  });

  it('runs a handler slower than ackWait once, although the broker redelivers meanwhile', async () => {
    const subject = transport.subject();
    let runs = 0;
    let handled!: ListenerMessage;
    const listener = new TestListener(nats.client, subject, uniqueId('group'), {
      ackWait: 1000,
      handle: async (_data, msg) => {
        runs += 1;
        handled = msg;
        await sleep(2500);
      },
    });
    const counting = countIgnoredRedeliveries();
    await listen(listener);
    await new TestPublisher(nats.client, subject).publish({ n: 1 });
    await listener.waitFor(1);
    await sleep(2000);
    const ignored = counting.stop();
    expect(runs).toBe(1);
    expect(listener.received).toEqual([{ data: { n: 1 }, redelivered: false, sequence: handled.getSequence() }]);
    // How each transport gets there (see ListenerMessage.working): JetStream's ackWait is restarted while the
    // handler runs, so the server holds the redelivery back; NATS Streaming redelivers, and the listener ignores it.
    if (handled.working) expect(ignored).toBe(0);
    else expect(ignored).toBeGreaterThanOrEqual(1);
  });

  it('retries a message its handler did not acknowledge, until it does', async () => {
    const subject = transport.subject();
    let tries = 0;
    const listener = new TestListener(nats.client, subject, uniqueId('group'), {
      retry: { attempts: 5, delayMs: 50, maxDelayMs: 200 },
      handle: () => {
        tries += 1;
        if (tries < 3) throw new Error('not yet');
      },
    });
    await listen(listener);
    await new TestPublisher(nats.client, subject).publish({ n: 1 });
    await listener.waitFor(1);
    expect(tries).toBe(3);
    // The handler can tell a retry from a first delivery.
    expect(listener.received).toEqual([{ data: { n: 1 }, redelivered: true, sequence: expect.any(Number) }]);
  });

  it('moves a message whose handler keeps throwing to the dead-letter subject after its budget, then goes on', async () => {
    const subject = transport.subject();
    const group = uniqueId('group');
    const error = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    const deadLetters = await watchDeadLetters(nats.client, group);
    const tries: number[] = [];
    let sequence = 0;
    const listener = new TestListener(nats.client, subject, group, {
      ackWait: 1000,
      retry: { attempts: 3, delayMs: 50, maxDelayMs: 200 },
      handle: ({ n }, msg) => {
        tries.push(n);
        if (n !== 1) return;
        sequence = msg.getSequence();
        throw new Error('boom');
      },
    });
    await listen(listener);
    const publisher = new TestPublisher(nats.client, subject);
    await publisher.publish({ n: 1 });
    await publisher.publish({ n: 2 });

    await listener.waitFor(1);
    await waitUntil(() => deadLetters.letters.length > 0, 5000, 'the dead letter');
    expect(deadLetters.letters).toEqual([
      {
        subject,
        queueGroup: group,
        sequence,
        data: { n: 1 },
        error: 'boom',
        attempts: 3,
        failedAt: expect.any(String),
      },
    ]);
    expect(error).toHaveBeenCalledWith(
      expect.objectContaining({ subject, sequence, attempts: 3 }),
      'Event moved to the dead-letter subject',
    );
    // Acknowledged once dead-lettered: past ackWait, the broker has not sent it again.
    await sleep(1500);
    expect(tries).toEqual([1, 1, 1, 2]);
    expect(listener.received.map((m) => m.data.n)).toEqual([2]);
    await deadLetters.close();
    error.mockRestore();
  });

  it('does not retry a handler that acknowledged before failing, and logs the failure', async () => {
    const subject = transport.subject();
    const error = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    let runs = 0;
    let sequence = 0;
    const listener = new TestListener(nats.client, subject, uniqueId('group'), {
      ack: false,
      retry: { attempts: 3, delayMs: 50, maxDelayMs: 200 },
      handle: (_data, msg) => {
        runs += 1;
        sequence = msg.getSequence();
        msg.ack();
        throw new Error('after the ack');
      },
    });
    await listen(listener);
    await new TestPublisher(nats.client, subject).publish({ n: 1 });
    await waitUntil(() => error.mock.calls.length > 0, 5000, 'the error line');
    await sleep(500);
    expect(runs).toBe(1);
    expect(error).toHaveBeenCalledWith(
      expect.objectContaining({ subject, sequence }),
      'Event handler failed after acknowledging the event',
    );
    error.mockRestore();
  });
});
