import request from 'supertest';
import { app } from '../app';
import { Ticket } from '../models/ticket';
import { signin } from '../test/signin';
import { createTicket } from '../test/tickets';

/** After every bad request nothing was stored or changed (only the ticket made in beforeEach exists, unchanged), and the app still serves a good one. */
const expectNothingStoredAndStillServing = async () => {
  expect(await Ticket.find({})).toEqual([expect.objectContaining({ title: 'concert', price: 20, version: 0 })]);
  await request(app).post('/api/tickets').set('Cookie', signin()).send({ title: 'after', price: 1 }).expect(201);
};

// POST creates a ticket, PUT changes the one created in beforeEach (as its owner).
const routes = [
  ['POST', () => request(app).post('/api/tickets').set('Cookie', cookie)],
  ['PUT', () => request(app).put(`/api/tickets/${ticketId}`).set('Cookie', cookie)],
] as const;

let cookie: string[];
let ticketId: string;

beforeEach(async () => {
  cookie = signin();
  ticketId = (await createTicket(cookie, { title: 'concert', price: 20 })).id;
});

describe.each(routes)('%s', (method, send) => {
  it('answers malformed JSON with a 400', async () => {
    const response = await send().set('Content-Type', 'application/json').send('{"title": "a",').expect(400);
    expect(response.body).toEqual({ errors: [{ message: 'Request body is not valid JSON' }] });
    await expectNothingStoredAndStillServing();
  });

  it.each(['null', '"a string"', '42', 'true'])('answers the JSON primitive %s as a body with a 400', async (body) => {
    const response = await send().set('Content-Type', 'application/json').send(body).expect(400);
    expect(response.body).toEqual({ errors: [{ message: 'Request body is not valid JSON' }] });
    await expectNothingStoredAndStillServing();
  });

  it.each([[[]], [['concert', 20]], [[{ title: 'concert', price: 20 }]]])(
    'answers the array %j as a body with field errors',
    async (body) => {
      const response = await send().send(body).expect(400);
      expect(response.body.errors.map((e: { field?: string }) => e.field)).toEqual(['title', 'price']);
      await expectNothingStoredAndStillServing();
    },
  );

  it('answers a non-JSON body with field errors', async () => {
    const response = await send().set('Content-Type', 'text/plain').send('title=concert&price=20').expect(400);
    expect(response.body.errors.map((e: { field?: string }) => e.field)).toEqual(['title', 'price']);
    await expectNothingStoredAndStillServing();
  });

  it.each([
    ['an operator object', { $gt: '' }],
    ['an object with toString', { toString: 'concert' }],
    ['an array', ['concert']],
    ['a number', 12345],
    ['a boolean', true],
    ['null', null],
  ])('rejects a title given as %s', async (_kind, title) => {
    const response = await send().send({ title, price: 20 }).expect(400);
    expect(response.body).toEqual({ errors: [{ message: 'Title is required', field: 'title' }] });
    await expectNothingStoredAndStillServing();
  });

  it.each([
    ['an operator object', { $gt: 0 }, 'Price must be a number'],
    ['a numeric string', '20', 'Price must be a number'],
    ['"NaN"', 'NaN', 'Price must be a number'],
    ['"Infinity"', 'Infinity', 'Price must be a number'],
    ['an array', [20], 'Price must be a number'],
    ['null', null, 'Price must be a number'],
    ['a boolean', true, 'Price must be a number'],
    ['negative', -1, 'Price must be greater than 0'],
    ['negative zero', -0, 'Price must be greater than 0'],
    ['zero', 0, 'Price must be greater than 0'],
    ['huge', 1e300, 'Price must be at most 1000000'],
    ['just over the maximum', 1_000_000.01, 'Price must be at most 1000000'],
    ['three decimals', 20.001, 'Price must have at most two decimals'],
    ['a tiny fraction', 0.001, 'Price must have at most two decimals'],
  ])('rejects a price given as %s', async (_kind, price, message) => {
    const response = await send().send({ title: 'concert', price }).expect(400);
    expect(response.body).toEqual({ errors: [{ message, field: 'price' }] });
    await expectNothingStoredAndStillServing();
  });

  it('rejects a JSON number too large for a double (parsed as Infinity)', async () => {
    const response = await send()
      .set('Content-Type', 'application/json')
      .send('{"title":"concert","price":1e400}')
      .expect(400);
    expect(response.body).toEqual({ errors: [{ message: 'Price must be a number', field: 'price' }] });
    await expectNothingStoredAndStillServing();
  });

  it('answers a body over the 100 kB limit with a 413', async () => {
    const response = await send()
      .send({ title: 'x'.repeat(200_000), price: 20 })
      .expect(413);
    expect(response.body).toEqual({ errors: [{ message: 'Request body is too large' }] });
    await expectNothingStoredAndStillServing();
  });

  it('ignores fields it does not own: userId, version, id and the outbox', async () => {
    const body = {
      title: 'changed',
      price: 20,
      userId: 'intruder',
      version: 99,
      id: 'x',
      pendingEvents: [{ subject: 'ticket:created', data: {} }],
    };
    const response = await send().send(body);
    expect(response.status).toBeLessThan(300);
    const stored = await Ticket.findById(response.body.id);
    expect(stored!.userId).not.toBe('intruder');
    expect(stored!.version).toBe(method === 'POST' ? 0 : 1);
    expect(stored!.pendingEvents.map((event) => event.data.version)).toEqual(method === 'POST' ? [0] : [0, 1]);
  });
});

describe('unknown routes and methods', () => {
  it.each([
    ['get', '/api/tickets/nope/more'],
    ['get', '/'],
    ['post', '/api/users/signup'],
    ['delete', '/api/tickets'],
    ['patch', '/api/tickets'],
    ['post', '/api/tickets/6650f0c2a1b2c3d4e5f60718'],
    ['delete', '/api/tickets/6650f0c2a1b2c3d4e5f60718'],
  ] as const)('%s %s answers a normalized 404', async (method, path) => {
    const response = await request(app)[method](path).set('Cookie', signin()).expect(404);
    expect(response.body).toEqual({ errors: [{ message: 'Not Found' }] });
  });
});
