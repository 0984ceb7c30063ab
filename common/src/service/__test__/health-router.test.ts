import express from 'express';
import request from 'supertest';
import { healthRouter } from '../health-router';

const appWith = (checks: Parameters<typeof healthRouter>[1]) => express().use(healthRouter('/api/things', checks));

it('answers liveness regardless of dependencies', async () => {
  const res = await request(appWith({ db: () => false })).get('/api/things/healthz');
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ status: 'ok' });
});

it('is ready when every check passes', async () => {
  const res = await request(appWith({ db: () => true, broker: async () => true })).get('/api/things/readyz');
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ status: 'ready' });
});

it('is not ready, naming each failing dependency, when a check fails or throws', async () => {
  const res = await request(
    appWith({
      db: () => false,
      broker: async () => {
        throw new Error('down');
      },
      cache: () => true,
    }),
  ).get('/api/things/readyz');
  expect(res.status).toBe(503);
  expect(res.body).toEqual({ errors: [{ message: 'Not ready: db' }, { message: 'Not ready: broker' }] });
});
