import mongoose from 'mongoose';
import request from 'supertest';
import { testNats, uniqueId, withDatabaseDisconnected } from '@ticketing/toolkit';
import { app } from '../app';
import { Ticket } from '../models/ticket';
import { nats } from '../nats';
import { waitUntil } from '../test/tickets';
import { setTimeout as sleep } from 'timers/promises';

it('answers healthz with 200 {status: ok}, even before NATS is connected', async () => {
  await request(app).get('/api/tickets/healthz').expect(200, { status: 'ok' });
});

it('stays ready while the broker is not connected, saying so, with the outbox backlog', async () => {
  await request(app)
    .get('/api/tickets/readyz')
    .expect(200, { status: 'ready', broker: { connected: false }, outbox: { pending: 0, oldestAgeMs: null } });

  // A ticket written meanwhile waits in the outbox (no relay runs here), and the backlog shows it.
  const before = Date.now();
  await Ticket.build({ title: 'Queued', price: 5, userId: 'u1' }).save();
  await sleep(20);
  const res = await request(app).get('/api/tickets/readyz').expect(200);
  expect(res.body.outbox.pending).toBe(1);
  expect(res.body.outbox.oldestAgeMs).toBeGreaterThanOrEqual(20);
  expect(res.body.outbox.oldestAgeMs).toBeLessThanOrEqual(Date.now() - before);
  await Ticket.deleteMany({});
});

describe('with NATS connected', () => {
  beforeAll(async () => {
    const { url, clusterId } = testNats();
    nats.start({ clusterId, clientId: uniqueId('tickets'), url });
    await waitUntil(() => nats.isConnected, 20_000, 'NATS to connect');
  });

  afterAll(() => nats.stop());

  it('answers readyz with 200 while MongoDB and NATS are connected, saying the broker is', async () => {
    await request(app)
      .get('/api/tickets/readyz')
      .expect(200, { status: 'ready', broker: { connected: true }, outbox: { pending: 0, oldestAgeMs: null } });
  });

  describe('while MongoDB is disconnected', () => {
    withDatabaseDisconnected(mongoose);

    it('answers readyz with 503 naming mongo, and healthz still with 200', async () => {
      await request(app)
        .get('/api/tickets/readyz')
        .expect(503, { errors: [{ message: 'Not ready: mongo' }] });
      await request(app).get('/api/tickets/healthz').expect(200, { status: 'ok' });
    });

    it('answers a listing with 503 rather than a 500 or a hang', async () => {
      await request(app)
        .get('/api/tickets')
        .expect(503, { errors: [{ message: 'Error connecting to database' }] });
    });
  });
});
