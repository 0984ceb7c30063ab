import express, { Express } from 'express';
import http from 'http';
import { AddressInfo } from 'net';
import jwt from 'jsonwebtoken';
import { sessionCookie } from '@ticketing/toolkit';
import { AddRoutes, createApp } from '../create-app';
import { serve } from '../serve';

// cookie-session defines its `session` accessor anew on every request, and Node counts a stream's
// listeners in a private field: neither can be declared.
const UNDECLARABLE = ['req.session', 'req._eventsCount'];

type Keys = { req: string[]; res: string[] };
const ownKeys = (req: object, res: object): Keys => ({
  req: Reflect.ownKeys(req).map((key) => `req.${String(key)}`),
  res: Reflect.ownKeys(res).map((key) => `res.${String(key)}`),
});

/** Serves `app` with serve(), sends one GET and one JSON POST, signed in, to /fields. */
const exercise = async (app: Express) => {
  const { server, shutdown } = await serve(app, 0);
  const { port } = server.address() as AddressInfo;
  const cookie = sessionCookie(jwt.sign({ id: 'user-id', email: 'a@b.c' }, 'test-key'));
  const send = (method: string, headers: http.OutgoingHttpHeaders, body?: string) =>
    new Promise<void>((resolve, reject) => {
      http
        .request({ host: '127.0.0.1', port, method, path: '/fields', headers: { cookie, ...headers } }, (res) => {
          expect(res.statusCode).toBe(200);
          res.resume();
          res.on('end', resolve);
        })
        .on('error', reject)
        .end(body);
    });
  try {
    await send('GET', {});
    await send('POST', { 'content-type': 'application/json' }, '{"a":1}');
  } finally {
    await shutdown();
  }
};

it('declares every field the stack adds to a request or response after express swapped their prototypes', async () => {
  process.env.JWT_KEY = 'test-key';
  // What a request and response hold when express hands them to the app's first middleware.
  let swapped: Keys = { req: [], res: [] };
  await exercise(
    express().use((req, res) => {
      swapped = ownKeys(req, res);
      res.send();
    }),
  );

  const added: string[] = [];
  const fields: AddRoutes = (app) => {
    for (const method of ['get', 'post'] as const) {
      app[method]('/fields', (req, res) => {
        res.on('finish', () => {
          const now = ownKeys(req, res);
          added.push(...now.req.filter((key) => !swapped.req.includes(key)));
          added.push(...now.res.filter((key) => !swapped.res.includes(key)));
        });
        res.send({ user: req.currentUser?.id, body: req.body as unknown });
      });
    }
  };
  await exercise(createApp({ healthPrefix: '/test', readiness: {}, routes: [fields] }));

  expect(swapped.req.length).toBeGreaterThan(0);
  expect(added.filter((key) => !UNDECLARABLE.includes(key))).toEqual([]);
});
