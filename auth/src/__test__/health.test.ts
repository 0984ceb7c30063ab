import mongoose from 'mongoose';
import request from 'supertest';
import { app } from '../app';

it('answers healthz with 200 {status: ok}', async () => {
  await request(app).get('/api/users/healthz').expect(200, { status: 'ok' });
});

it('answers readyz with 200 while MongoDB is connected', async () => {
  await request(app).get('/api/users/readyz').expect(200, { status: 'ready' });
});

describe('while MongoDB is disconnected', () => {
  let uri: string;

  // Per test, after the setup file's beforeEach has cleared the (still connected) database.
  beforeEach(async () => {
    const { host, port, name } = mongoose.connection;
    uri = `mongodb://${host}:${port}/${name}`;
    await mongoose.disconnect();
  });

  afterEach(async () => {
    mongoose.set('bufferTimeoutMS', 10_000);
    await mongoose.connect(uri);
  });

  it('answers readyz with 503 naming mongo, and healthz still with 200', async () => {
    await request(app).get('/api/users/readyz').expect(503, { errors: [{ message: 'Not ready: mongo' }] });
    await request(app).get('/api/users/healthz').expect(200, { status: 'ok' });
  });

  it('answers a signup with 503 rather than a 500 or a hang', async () => {
    // Queries wait this long for a connection before failing.
    mongoose.set('bufferTimeoutMS', 300);
    await request(app)
      .post('/api/users/signup')
      .send({ email: 'test@test.com', password: 'password' })
      .expect(503, { errors: [{ message: 'Error connecting to database' }] });
  });
});
