import request from 'supertest';
import { app } from '../app';
import { signin } from './signin';
import { setTimeout as sleep } from 'timers/promises';

/** Creates a ticket through the API (as a new user unless a cookie is given) and returns its JSON. */
export const createTicket = async (
  cookie = signin(),
  body: { title: string; price: number } = { title: 'concert', price: 20 },
): Promise<{ id: string; title: string; price: number; userId: string; version: number }> => {
  const response = await request(app).post('/api/tickets').set('Cookie', cookie).send(body).expect(201);
  return response.body;
};

/** Resolves once `condition` holds, polling; rejects with `message` after `timeoutMs`. */
export const waitUntil = async (
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  message = 'condition',
) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${message}`);
    await sleep(25);
  }
};
