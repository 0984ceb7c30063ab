import mongoose from 'mongoose';
import request from 'supertest';
import { app } from '../../app';
import { Ticket } from '../../models/ticket';
import { saveTicket } from '../../outbox/save-ticket';
import { createTicket } from '../../test/tickets';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../index';

/** Stores `count` tickets straight away (ascending ids: the last is the newest) and returns their ids, newest first. */
const storeTickets = async (count: number): Promise<string[]> => {
  const docs = await Ticket.insertMany(
    Array.from({ length: count }, (_, i) => ({ title: `ticket ${i}`, price: 10 + i, userId: 'seller' })),
  );
  return docs.map((doc) => doc.id as string).reverse();
};

const ids = (body: { id: string }[]) => body.map((ticket) => ticket.id);

it('returns an empty list when there are no tickets', async () => {
  const response = await request(app).get('/api/tickets').expect(200, []);
  expect(response.headers.link).toBeUndefined();
});

it('can fetch a list of tickets, newest first, signed in or not', async () => {
  const first = await createTicket(undefined, { title: 'first', price: 10 });
  const second = await createTicket(undefined, { title: 'second', price: 20 });
  const third = await createTicket(undefined, { title: 'third', price: 30 });

  const response = await request(app).get('/api/tickets').expect(200);
  expect(response.body).toEqual([third, second, first]);
});

it(`answers the newest ${DEFAULT_PAGE_SIZE} by default, with a Link to the next page`, async () => {
  const stored = await storeTickets(DEFAULT_PAGE_SIZE + 5);

  const response = await request(app).get('/api/tickets').expect(200);

  expect(ids(response.body)).toEqual(stored.slice(0, DEFAULT_PAGE_SIZE));
  expect(response.headers.link).toBe(
    `</api/tickets?limit=${DEFAULT_PAGE_SIZE}&before=${stored[DEFAULT_PAGE_SIZE - 1]}>; rel="next"`,
  );
});

it('pages with ?before= until the last page, which has no next link', async () => {
  const stored = await storeTickets(7);

  const first = await request(app).get('/api/tickets?limit=3').expect(200);
  const next = /<([^>]+)>; rel="next"/.exec(first.headers.link)![1];
  const second = await request(app).get(next).expect(200);
  const third = await request(app)
    .get(/<([^>]+)>; rel="next"/.exec(second.headers.link)![1])
    .expect(200);

  expect(ids(first.body)).toEqual(stored.slice(0, 3));
  expect(ids(second.body)).toEqual(stored.slice(3, 6));
  expect(ids(third.body)).toEqual(stored.slice(6));
  expect(third.headers.link).toBeUndefined();
});

it('answers the tickets older than a cursor that names no stored ticket', async () => {
  const stored = await storeTickets(3);
  const newer = new mongoose.Types.ObjectId().toHexString();

  const response = await request(app).get(`/api/tickets?before=${newer}`).expect(200);

  expect(ids(response.body)).toEqual(stored);
});

it(`accepts a limit from 1 to ${MAX_PAGE_SIZE}`, async () => {
  await storeTickets(MAX_PAGE_SIZE + 1);

  expect((await request(app).get('/api/tickets?limit=1').expect(200)).body).toHaveLength(1);
  const largest = await request(app).get(`/api/tickets?limit=${MAX_PAGE_SIZE}`).expect(200);
  expect(largest.body).toHaveLength(MAX_PAGE_SIZE);
  expect(largest.headers.link).toContain('rel="next"');
});

it.each([
  ['0', 'limit'],
  [String(MAX_PAGE_SIZE + 1), 'limit'],
  ['-3', 'limit'],
  ['2.5', 'limit'],
  ['ten', 'limit'],
])('refuses limit=%s with a 400 naming the field', async (value, field) => {
  const response = await request(app).get(`/api/tickets?limit=${value}`).expect(400);
  expect(response.body).toEqual({ errors: [{ message: expect.stringContaining('limit'), field }] });
});

it.each([
  ['a cursor that is not an id', 'before=nonsense', 'before'],
  ['a repeated limit', 'limit=2&limit=3', 'limit'],
  ['an operator object as limit', 'limit[$gt]=1', 'limit'],
  ['an operator object as cursor', 'before[$ne]=x', 'before'],
])('refuses %s with a 400 naming the field', async (_what, search, field) => {
  const response = await request(app).get(`/api/tickets?${search}`).expect(400);
  expect(response.body).toEqual({
    errors: [
      { message: `${field} must be ${field === 'limit' ? 'a whole number from 1 to 100' : 'a ticket id'}`, field },
    ],
  });
});

it('never reads pending outbox events for a list, nor shows them', async () => {
  // Saved with its ticket:created event in the outbox, as a create leaves it.
  const ticket = await saveTicket(Ticket.build({ title: 'unpublished', price: 5, userId: 'seller' }));
  const projections: unknown[] = [];
  mongoose.set('debug', (collection: string, method: string, ...args: unknown[]) => {
    if (collection === 'tickets' && method === 'find') projections.push(args[1]);
  });
  try {
    const response = await request(app).get('/api/tickets').expect(200);
    expect(response.body).toEqual([{ id: ticket.id, title: 'unpublished', price: 5, userId: 'seller', version: 0 }]);
  } finally {
    mongoose.set('debug', false);
  }
  expect(projections).toEqual([expect.objectContaining({ projection: { pendingEvents: 0 } })]);
});

it('asks the database for one page plus one, newest first by _id, whatever the store holds', async () => {
  // The query a MongoDB serves from the _id index, reading limit + 1 entries: the list's cost does not
  // grow with the store (FerretDB, the test database, still scans; see the README's Benchmarks).
  await storeTickets(30);
  const finds: unknown[] = [];
  mongoose.set('debug', (collection: string, method: string, ...args: unknown[]) => {
    if (collection === 'tickets' && method === 'find') finds.push(args);
  });
  try {
    const { body } = await request(app).get('/api/tickets?limit=5').expect(200);
    await request(app).get(`/api/tickets?limit=5&before=${body[4].id}`).expect(200);
  } finally {
    mongoose.set('debug', false);
  }
  const page = { sort: { _id: -1 }, limit: 6 };
  expect(finds).toEqual([
    [{}, expect.objectContaining(page)],
    [{ _id: { $lt: expect.anything() } }, expect.objectContaining(page)],
  ]);
});
