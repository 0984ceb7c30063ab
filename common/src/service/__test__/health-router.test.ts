import express from 'express';
import request from 'supertest';
import { addHealthRoutes, REPORT_TIMEOUT_MS, startDraining } from '../health-router';

const appWith = (checks: Parameters<typeof addHealthRoutes>[2]) => addHealthRoutes(express(), '/api/things', checks);

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

describe('status reports and draining', () => {
  const app = () =>
    addHealthRoutes(
      express(),
      '/api/things',
      { db: () => true },
      {
        broker: () => ({ connected: false }),
        backlog: async () => ({ pending: 2 }),
        broken: () => {
          throw new Error('x');
        },
        slow: () => new Promise((resolve) => setTimeout(() => resolve('late'), REPORT_TIMEOUT_MS * 4)),
      },
    );

  it('carries the reports in the body (a failing or slow one as unknown) without letting them decide readiness', async () => {
    const res = await request(app()).get('/api/things/readyz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ready',
      broker: { connected: false },
      backlog: { pending: 2 },
      broken: 'unknown',
      slow: 'unknown',
    });
  });

  it('answers 503 in the error shape once the app drains', async () => {
    const draining = app();
    startDraining(draining);
    const res = await request(draining).get('/api/things/readyz');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ errors: [{ message: 'Not ready: shutting down' }] });
    expect((await request(draining).get('/api/things/healthz')).status).toBe(200);
    expect((await request(app()).get('/api/things/readyz')).status).toBe(200);
  });
});
