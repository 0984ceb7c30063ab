import request from 'supertest';
import { Subjects } from '@ticketing/common';
import { app } from '../../app';
import { Ticket } from '../../models/ticket';
import { newUserId, signin } from '../../test/signin';

// Publishing to the real broker is proven in outbox/__test__; these tests stop at what is stored.

it('has a route handler listening to /api/tickets for post requests', async () => {
  const response = await request(app).post('/api/tickets').send({});
  expect(response.status).not.toEqual(404);
});

it('can only be accessed if the user is signed in', async () => {
  await request(app)
    .post('/api/tickets')
    .send({})
    .expect(401, { errors: [{ message: 'Not authorized' }] });
});

it('answers 401 before validating when signed out', async () => {
  await request(app).post('/api/tickets').send({ title: '', price: -1 }).expect(401);
});

it('returns a status other than 401 if the user is signed in', async () => {
  const response = await request(app).post('/api/tickets').set('Cookie', signin()).send({});
  expect(response.status).not.toEqual(401);
});

it.each([
  ['missing', { price: 10 }, 'Title is required'],
  ['empty', { title: '', price: 10 }, 'Title is required'],
  ['only spaces', { title: '   ', price: 10 }, 'Title is required'],
  ['too long', { title: 'x'.repeat(201), price: 10 }, 'Title must be at most 200 characters'],
  ['201 emoji (402 UTF-16 units)', { title: '🎟'.repeat(201), price: 10 }, 'Title must be at most 200 characters'],
  ['only zero-width characters', { title: '\u200b\u200c\u200d\ufeff', price: 10 }, 'Title is required'],
  [
    'carrying a right-to-left override',
    { title: 'Concert \u202eevil', price: 10 },
    'Title must not contain control or text-direction characters',
  ],
  [
    'carrying a line break',
    { title: 'Concert\nTonight', price: 10 },
    'Title must not contain control or text-direction characters',
  ],
])('returns an error if the title is %s', async (_case, body, message) => {
  const response = await request(app).post('/api/tickets').set('Cookie', signin()).send(body).expect(400);
  expect(response.body).toEqual({ errors: [{ message, field: 'title' }] });
  expect(await Ticket.countDocuments()).toBe(0);
});

it.each([
  ['missing', undefined, 'Price must be a number'],
  ['negative', -10, 'Price must be greater than 0'],
  ['zero', 0, 'Price must be greater than 0'],
  ['a numeric string', '10', 'Price must be a number'],
  ['over the maximum', 1_000_000.01, 'Price must be at most 1000000'],
  ['given three decimals', 10.005, 'Price must have at most two decimals'],
  ['20.001', 20.001, 'Price must have at most two decimals'],
  ['1e-9 (which would show as $0.00)', 1e-9, 'Price must have at most two decimals'],
  ['999999.999999999 (which would show as $1000000.00)', 999999.999999999, 'Price must have at most two decimals'],
])('returns an error if the price is %s', async (_case, price, message) => {
  const response = await request(app)
    .post('/api/tickets')
    .set('Cookie', signin())
    .send({ title: 'concert', price })
    .expect(400);
  expect(response.body).toEqual({ errors: [{ message, field: 'price' }] });
  expect(await Ticket.countDocuments()).toBe(0);
});

it('creates a ticket with valid inputs', async () => {
  expect(await Ticket.countDocuments()).toBe(0);
  const userId = newUserId();

  const response = await request(app)
    .post('/api/tickets')
    .set('Cookie', signin(userId))
    .send({ title: '  concert  ', price: 19.99, userId: 'someone-else' })
    .expect(201);

  const tickets = await Ticket.find({});
  expect(tickets).toHaveLength(1);
  expect(tickets[0]).toMatchObject({ title: 'concert', price: 19.99, userId, version: 0 });
  expect(response.body).toEqual({ id: tickets[0].id, title: 'concert', price: 19.99, userId, version: 0 });
});

it('accepts the maximum price and a one-cent price', async () => {
  await request(app).post('/api/tickets').set('Cookie', signin()).send({ title: 'a', price: 1_000_000 }).expect(201);
  await request(app).post('/api/tickets').set('Cookie', signin()).send({ title: 'b', price: 0.01 }).expect(201);
});

it('accepts 20.1 and 200 emoji, and stores the title NFC-normalized and trimmed of invisible characters', async () => {
  await request(app).post('/api/tickets').set('Cookie', signin()).send({ title: 'x', price: 20.1 }).expect(201);
  await request(app)
    .post('/api/tickets')
    .set('Cookie', signin())
    .send({ title: '🎟'.repeat(200), price: 10 })
    .expect(201);
  const response = await request(app)
    .post('/api/tickets')
    .set('Cookie', signin())
    .send({ title: '\u200b Cafe\u0301 \ufeff', price: 10 })
    .expect(201);
  expect(response.body.title).toBe('Caf\u00e9');
  expect((await Ticket.findById(response.body.id))!.title).toBe('Caf\u00e9');
});

it('stores the ticket:created event with the ticket, in the same write', async () => {
  const response = await request(app)
    .post('/api/tickets')
    .set('Cookie', signin())
    .send({ title: 'concert', price: 20 })
    .expect(201);

  const stored = await Ticket.findById(response.body.id);
  expect(stored!.pendingEvents.map((event) => ({ subject: event.subject, data: event.data }))).toEqual([
    { subject: Subjects.TicketCreated, data: response.body },
  ]);
});
