import request from 'supertest';
import { Subjects } from '@ticketing/common';
import { app } from '../../app';
import { Ticket } from '../../models/ticket';
import { publishAndRecord } from '../../test/events';
import { signin } from '../../test/signin';
import { createTicket, waitUntil } from '../../test/tickets';
import { OutboxRelay } from '../outbox-relay';
import { createTicketRelay, ticketRelay } from '../ticket-relay';
import { setTimeout as sleep } from 'timers/promises';

// The real broker: the service's own connection publishes, a separate one listens.
const events = publishAndRecord();

const outbox = async (id: string) => (await Ticket.findById(id))!.pendingEvents;

describe('the service relay', () => {
  beforeAll(() => ticketRelay.start());
  afterAll(() => ticketRelay.stop());

  it('delivers ticket:created to a real listener with the saved data and version 0', async () => {
    const ticket = await createTicket(undefined, { title: '  concert ', price: 20 });
    await events.recorder.waitForCount(ticket.id, 1);
    expect(events.recorder.forTicket(ticket.id)).toEqual([
      {
        subject: Subjects.TicketCreated,
        data: { id: ticket.id, title: 'concert', price: 20, userId: ticket.userId, version: 0 },
      },
    ]);
    await waitUntil(async () => (await outbox(ticket.id)).length === 0, 5000, 'the outbox to empty');
  });

  it('delivers ticket:updated with the new data and version, in order', async () => {
    const cookie = signin();
    const ticket = await createTicket(cookie);
    const first = await request(app)
      .put(`/api/tickets/${ticket.id}`)
      .set('Cookie', cookie)
      .send({ title: 'one', price: 1 })
      .expect(200);
    const second = await request(app)
      .put(`/api/tickets/${ticket.id}`)
      .set('Cookie', cookie)
      .send({ title: 'two', price: 2 })
      .expect(200);

    await events.recorder.waitForCount(ticket.id, 3);
    expect(events.recorder.forTicket(ticket.id)).toEqual([
      { subject: Subjects.TicketCreated, data: ticket },
      { subject: Subjects.TicketUpdated, data: first.body },
      { subject: Subjects.TicketUpdated, data: second.body },
    ]);
    expect(second.body.version).toBe(2);
  });

  it('publishes promptly after a write, without waiting for the poll', async () => {
    const slow = createTicketRelay({ sweepIntervalMs: 60_000 });
    await ticketRelay.stop();
    slow.start();
    try {
      // Let the first pass (at start) finish, so only a wake can publish what follows.
      await waitUntil(async () => (await Ticket.countDocuments({ 'pendingEvents.0': { $exists: true } })) === 0);
      const ticket = await Ticket.build({ title: 'prompt', price: 3, userId: 'u' }).save();
      slow.wake(ticket.id);
      await events.recorder.waitForCount(ticket.id, 1, 3000);
    } finally {
      await slow.stop();
      ticketRelay.start();
    }
  });

  it('reads only the woken ticket, leaving others to the next sweep', async () => {
    const slow = createTicketRelay({ sweepIntervalMs: 60_000 });
    await ticketRelay.stop();
    slow.start();
    try {
      await waitUntil(async () => (await Ticket.countDocuments({ 'pendingEvents.0': { $exists: true } })) === 0);
      // Saved without a wake, as by a process that died before publishing.
      const unseen = await Ticket.build({ title: 'unseen', price: 3, userId: 'u' }).save();
      const ticket = await Ticket.build({ title: 'woken', price: 3, userId: 'u' }).save();
      slow.wake(ticket.id);
      await events.recorder.waitForCount(ticket.id, 1, 3000);
      expect(events.recorder.forTicket(unseen.id)).toEqual([]);
      expect(await outbox(unseen.id)).toHaveLength(1);
    } finally {
      await slow.stop();
      ticketRelay.start();
    }
  });
});

describe('a restart before the relay ran', () => {
  it('still delivers what was saved, once a new relay starts', async () => {
    // Saved while no relay runs: as if the process died right after the writes.
    const cookie = signin();
    const ticket = await createTicket(cookie);
    await request(app)
      .put(`/api/tickets/${ticket.id}`)
      .set('Cookie', cookie)
      .send({ title: 'changed', price: 30 })
      .expect(200);
    const other = await createTicket();
    await sleep(300);
    expect(events.recorder.forTicket(ticket.id)).toEqual([]);
    expect(await outbox(ticket.id)).toHaveLength(2);

    const restarted = createTicketRelay();
    restarted.start();
    try {
      await events.recorder.waitForCount(ticket.id, 2);
      await events.recorder.waitForCount(other.id, 1);
      expect(events.recorder.versions(ticket.id)).toEqual([0, 1]);
      await waitUntil(async () => (await outbox(ticket.id)).length === 0, 5000, 'the outbox to empty');
    } finally {
      await restarted.stop();
    }
  });
});

describe('when publishing fails', () => {
  it('keeps the events, backs off, and delivers them once publishing works', async () => {
    const publish = jest.fn().mockRejectedValue(new Error('broker unavailable'));
    const ticket = await Ticket.build({ title: 'retry', price: 4, userId: 'u' }).save();
    const relay = new OutboxRelay({
      name: 'test',
      collection: Ticket.collection,
      publish,
      retryBaseMs: 50,
      maxBackoffMs: 200,
    });
    relay.start();
    try {
      await waitUntil(() => publish.mock.calls.length >= 4, 5000, 'retries');
      expect(await outbox(ticket.id)).toHaveLength(1);

      publish.mockResolvedValue(undefined);
      await waitUntil(async () => (await outbox(ticket.id)).length === 0, 5000, 'the outbox to empty');
      expect(publish).toHaveBeenLastCalledWith(
        expect.objectContaining({ data: expect.objectContaining({ id: ticket.id, version: 0 }) }),
      );
    } finally {
      await relay.stop();
    }
  });

  it('backs off exponentially rather than retrying in a tight loop', async () => {
    const publish = jest.fn().mockRejectedValue(new Error('broker unavailable'));
    await Ticket.build({ title: 'retry', price: 4, userId: 'u' }).save();
    const relay = new OutboxRelay({
      name: 'test',
      collection: Ticket.collection,
      publish,
      retryBaseMs: 100,
      maxBackoffMs: 10_000,
    });
    relay.start();
    // Attempts at 0, 100, 300, 700, 1500 ms: five in 1.2 s at most, where a fixed poll would make twelve.
    await sleep(1200);
    await relay.stop();
    expect(publish.mock.calls.length).toBeGreaterThanOrEqual(3);
    expect(publish.mock.calls.length).toBeLessThanOrEqual(5);
  });
});
