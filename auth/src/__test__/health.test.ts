import mongoose from 'mongoose';
import request from 'supertest';
import { withDatabaseDisconnected } from '@ticketing/toolkit';
import { app } from '../app';

it('answers healthz with 200 {status: ok}', async () => {
  await request(app).get('/api/users/healthz').expect(200, { status: 'ok' });
});

it('answers readyz with 200 while MongoDB is connected', async () => {
  await request(app).get('/api/users/readyz').expect(200, { status: 'ready' });
});

describe('while MongoDB is disconnected', () => {
  withDatabaseDisconnected(mongoose);

  it('answers readyz with 503 naming mongo, and healthz still with 200', async () => {
    await request(app)
      .get('/api/users/readyz')
      .expect(503, { errors: [{ message: 'Not ready: mongo' }] });
    await request(app).get('/api/users/healthz').expect(200, { status: 'ok' });
  });

  it('answers a signup with 503 rather than a 500 or a hang', async () => {
    await request(app)
      .post('/api/users/signup')
      .send({ email: 'test@test.com', password: 'password' })
      .expect(503, { errors: [{ message: 'Error connecting to database' }] });
  });
});
