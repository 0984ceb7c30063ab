import mongoose from 'mongoose';
import request from 'supertest';
import { testNats, uniqueId, withDatabaseDisconnected } from '@ticketing/toolkit';
import { app } from '../app';
import { nats } from '../nats';
import { waitUntil } from '../test/tickets';

it('answers healthz with 200 {status: ok}, even before NATS is connected', async () => {
  await request(app).get('/api/tickets/healthz').expect(200, { status: 'ok' });
});

it('answers readyz with 503 naming nats while the broker is not connected', async () => {
  await request(app)
    .get('/api/tickets/readyz')
    .expect(503, { errors: [{ message: 'Not ready: nats' }] });
});

describe('with NATS connected', () => {
  beforeAll(async () => {
    const { url, clusterId } = testNats();
    nats.start({ clusterId, clientId: uniqueId('tickets'), url });
    await waitUntil(() => nats.isConnected, 20_000, 'NATS to connect');
  });

  afterAll(() => nats.stop());

  it('answers readyz with 200 while MongoDB and NATS are connected', async () => {
    await request(app).get('/api/tickets/readyz').expect(200, { status: 'ready' });
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
