import express, { Express } from 'express';
import jwt from 'jsonwebtoken';
import { Level } from 'pino';
import request from 'supertest';
import { sessionCookie } from '@ticketing/toolkit';
import { currentUser } from '../current-user';
import { createLogger } from '../../logger';
import { logRequests } from '../request-logger';
import { session } from '../session';

const user = { id: '5f1d7c2b9d3e4a0012345678', email: 'test@test.com' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** An app with the shared request pipeline's logging, session and user, writing its log lines into `lines`. */
const appLogging = (level: Level) => {
  const raw: string[] = [];
  const app: Express = express();
  app.use(logRequests(createLogger({ level, destination: { write: (line: string) => raw.push(line) } })));
  app.use(session());
  app.use(currentUser);
  app.get('/me', (_req, res) => {
    res.send({});
  });
  app.post('/signin', (req, res) => {
    req.session = { jwt: 'issued.session.token' };
    res.send({});
  });
  app.get('/broken', (_req, res) => {
    res.status(500).send({});
  });
  // Lines are written when the response closes, just after the client has read it.
  const lines = async () => {
    await new Promise((resolve) => setImmediate(resolve));
    return raw.map((line) => JSON.parse(line) as Record<string, unknown>);
  };
  return { app, raw, lines };
};

let token: string;
beforeAll(() => {
  process.env.JWT_KEY = 'test-key';
  token = jwt.sign(user, 'test-key');
});

it('writes one line per request: method, path, status, time, request id and user id, and no headers', async () => {
  const { app, raw, lines } = appLogging('info');

  const res = await request(app).get('/me?page=2').set('Cookie', sessionCookie(token));

  const logged = await lines();
  expect(logged).toHaveLength(1);
  expect(logged[0]).toEqual({
    level: 30,
    time: expect.any(Number),
    pid: process.pid,
    hostname: expect.any(String),
    msg: 'request completed',
    reqId: res.headers['x-request-id'],
    req: { method: 'GET', url: '/me?page=2' },
    res: { statusCode: 200 },
    responseTime: expect.any(Number),
    userId: user.id,
  });
  expect(logged[0].reqId).toMatch(UUID);
  expect(raw.join('')).not.toContain(token);
});

it("keeps the ingress's request id, and replaces one that is not an id", async () => {
  const { app, lines } = appLogging('info');

  const kept = await request(app).get('/me').set('X-Request-ID', 'f3a9c1e2b7d44c5e');
  await request(app)
    .get('/me')
    .set('X-Request-ID', `not an id {${'x'.repeat(200)}}`);

  const [first, second] = await lines();
  expect(kept.headers['x-request-id']).toBe('f3a9c1e2b7d44c5e');
  expect(first.reqId).toBe('f3a9c1e2b7d44c5e');
  expect(second.reqId).toMatch(UUID);
  expect(first).not.toHaveProperty('userId');
});

it('logs a 5xx answer at error level', async () => {
  const { app, lines } = appLogging('info');

  await request(app).get('/broken');

  expect(await lines()).toEqual([
    expect.objectContaining({ level: 50, msg: 'request failed', res: { statusCode: 500 } }),
  ]);
});

it('adds the headers at debug level, with cookies redacted both ways', async () => {
  const { app, raw, lines } = appLogging('debug');

  await request(app).post('/signin').set('Cookie', sessionCookie(token)).set('Authorization', 'Bearer secret-bearer');

  const [line] = await lines();
  expect(line).toMatchObject({
    reqHeaders: { cookie: '[redacted]', authorization: '[redacted]', host: expect.any(String) },
    resHeaders: { 'set-cookie': '[redacted]', 'x-request-id': line.reqId },
  });
  const text = raw.join('');
  expect(text).not.toContain(token);
  expect(text).not.toContain('secret-bearer');
  expect(text).not.toContain(Buffer.from(JSON.stringify({ jwt: 'issued.session.token' })).toString('base64'));
});
