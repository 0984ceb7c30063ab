import { IRouter } from 'express';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { sessionCookie } from '@ticketing/toolkit';
import { BadRequestError } from '../../errors/bad-request-error';
import { createApp } from '../create-app';

const things = (app: IRouter) =>
  app
    .get('/api/things/:id', (req, res) => {
      res.send({ id: req.params.id, currentUser: req.currentUser ?? null, secure: req.secure });
    })
    .post('/api/things', async (req) => {
      await Promise.resolve();
      throw new BadRequestError(`Cannot take ${JSON.stringify(req.body)}`);
    });

let ready = true;
const app = createApp({ healthPrefix: '/api/things', readiness: { store: () => ready }, routes: [things] });

it('serves health before the routers, so a route with a parameter cannot take it', async () => {
  await request(app).get('/api/things/healthz').expect(200, { status: 'ok' });
  await request(app).get('/api/things/readyz').expect(200, { status: 'ready' });
  ready = false;
  await request(app)
    .get('/api/things/readyz')
    .expect(503, { errors: [{ message: 'Not ready: store' }] });
  ready = true;
});

it('serves the routes with the current user from the session cookie', async () => {
  process.env.JWT_KEY = 'create-app-key';
  const user = { id: 'u1', email: 'a@b.com' };
  const response = await request(app)
    .get('/api/things/42')
    .set('Cookie', sessionCookie(jwt.sign(user, process.env.JWT_KEY)))
    .expect(200);
  expect(response.body).toEqual({ id: '42', currentUser: expect.objectContaining(user), secure: false });
  delete process.env.JWT_KEY;
});

it('trusts the proxy about HTTPS', async () => {
  const response = await request(app).get('/api/things/42').set('X-Forwarded-Proto', 'https').expect(200);
  expect(response.body.secure).toBe(true);
});

it('parses JSON bodies and answers an async handler error in the normalized shape', async () => {
  await request(app)
    .post('/api/things')
    .send({ n: 1 })
    .expect(400, { errors: [{ message: 'Cannot take {"n":1}' }] });
  await request(app)
    .post('/api/things')
    .set('Content-Type', 'application/json')
    .send('{"n":')
    .expect(400, { errors: [{ message: 'Request body is not valid JSON' }] });
});

it('answers what no router handles with a normalized 404', async () => {
  await request(app)
    .delete('/api/things/42')
    .expect(404, { errors: [{ message: 'Not Found' }] });
});
