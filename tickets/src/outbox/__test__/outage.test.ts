import fs from 'fs';
import os from 'os';
import path from 'path';
import request from 'supertest';
import { StanOptions } from 'node-nats-streaming';
import { uniqueId } from '@ticketing/toolkit';
import { EventSupervisor, Subjects } from '@ticketing/common';
import { app } from '../../app';
import { Ticket } from '../../models/ticket';
import { TicketEventRecorder } from '../../test/events';
import { connectTo, startTestBroker, TestBroker } from '../../test/broker';
import { signin } from '../../test/signin';
import { createTicket, waitUntil } from '../../test/tickets';
import { nats } from '../../nats';
import { ticketRelay } from '../ticket-relay';
import { setTimeout as sleep } from 'timers/promises';

jest.setTimeout(90_000);

const TICKETS = 4;
const UPDATES = 3;
const pendingCount = () => Ticket.countDocuments({ 'pendingEvents.0': { $exists: true } });

/** An HTTP call that must answer quickly even though the broker is down. */
const timed = async <T>(call: () => Promise<T>): Promise<T> => {
  const started = Date.now();
  const result = await call();
  expect(Date.now() - started).toBeLessThan(1000);
  return result;
};

// On JetStream both are the same: the client reconnects, with nothing like a session to lose.
describe.each<[string, StanOptions, number]>([
  // Back within the ping window: the same NATS Streaming session carries on.
  ['a short outage (a NATS Streaming session survives it)', {}, 2000],
  // Pings fail during the outage: the session is dropped and a new connection is made.
  ['a long outage (a NATS Streaming connection is made anew)', { stanPingInterval: 500, stanMaxPingOut: 2 }, 4000],
])('%s', (_name, options, outageMs) => {
  let storeDir: string;
  let broker: TestBroker;
  let listener: EventSupervisor | undefined;

  beforeAll(async () => {
    storeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tickets-outage-'));
    broker = await startTestBroker({ storeDir });
    nats.start(
      { clusterId: broker.clusterId, clientId: uniqueId('tickets'), url: broker.url },
      { onConnect: () => ticketRelay.retryNow(), options },
    );
    await waitUntil(() => nats.isConnected, 20_000, 'the connection');
    ticketRelay.start();
  });

  afterAll(async () => {
    await ticketRelay.stop();
    await nats.stop();
    await listener?.stop();
    await broker.stop();
    fs.rmSync(storeDir, { recursive: true, force: true });
  });

  it('delivers every event saved while the broker was down, in version order per ticket', async () => {
    const before = await createTicket();
    await waitUntil(async () => (await pendingCount()) === 0, 5000, 'the first event to go out');

    await broker.stop();
    await waitUntil(() => !nats.isConnected, 5000, 'the disconnect to be noticed');
    // Still ready: serving needs the database, and the outbox holds the events meanwhile.
    await request(app)
      .get('/api/tickets/readyz')
      .expect(200, { status: 'ready', broker: { connected: false }, outbox: { pending: 0, oldestAgeMs: null } });

    // Writes keep succeeding, quickly, while the broker is down.
    const tickets = [];
    for (let n = 0; n < TICKETS; n++) {
      const cookie = signin();
      const ticket = await timed(() => createTicket(cookie, { title: `ticket ${n}`, price: 10 + n }));
      for (let u = 1; u <= UPDATES; u++) {
        const response = await timed(() =>
          request(app)
            .put(`/api/tickets/${ticket.id}`)
            .set('Cookie', cookie)
            .send({ title: `ticket ${n} v${u}`, price: 10 + n + u }),
        );
        expect(response.status).toBe(200);
        expect(response.body.version).toBe(u);
      }
      tickets.push(ticket);
    }
    await sleep(outageMs);
    expect(await pendingCount()).toBe(TICKETS);
    const { body } = await request(app).get('/api/tickets/readyz').expect(200);
    expect(body.outbox.pending).toBe(TICKETS * (1 + UPDATES));
    expect(body.outbox.oldestAgeMs).toBeGreaterThanOrEqual(outageMs);

    broker = await startTestBroker({ storeDir, port: broker.port, monitorPort: broker.monitorPort });
    await waitUntil(() => nats.isConnected, 30_000, 'the reconnection');
    await waitUntil(async () => (await pendingCount()) === 0, 30_000, 'the outbox to drain');
    await request(app)
      .get('/api/tickets/readyz')
      .expect(200, { status: 'ready', broker: { connected: true }, outbox: { pending: 0, oldestAgeMs: null } });

    // Read back everything the broker stored (this broker is private to the test).
    listener = await connectTo(broker);
    const recorder = new TicketEventRecorder(listener.client);
    await recorder.waitForCount(before.id, 1);
    for (const ticket of tickets) {
      await recorder.waitForCount(ticket.id, 1 + UPDATES);
      const events = recorder.forTicket(ticket.id);
      const created = events.filter((event) => event.subject === Subjects.TicketCreated);
      const updated = events
        .filter((event) => event.subject === Subjects.TicketUpdated)
        .map((event) => event.data.version);
      expect(created.map((event) => event.data)).toEqual(expect.arrayContaining([ticket]));
      // At-least-once: a retry may repeat an event, but never reorders or skips one.
      expect([...new Set(updated)]).toEqual([1, 2, 3]);
      expect(updated).toEqual([...updated].sort((a, b) => a - b));
      const last = events.find((event) => event.data.version === UPDATES)!;
      expect(last.data).toEqual({
        ...ticket,
        title: `ticket ${tickets.indexOf(ticket)} v${UPDATES}`,
        price: ticket.price + UPDATES,
        version: UPDATES,
      });
    }
  });
});
