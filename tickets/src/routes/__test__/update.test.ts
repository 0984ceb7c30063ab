import mongoose from 'mongoose';
import request from 'supertest';
import { Subjects } from '@ticketing/common';
import { app } from '../../app';
import { Ticket } from '../../models/ticket';
import { newUserId, signin } from '../../test/signin';
import { createTicket } from '../../test/tickets';

// Publishing to the real broker is proven in outbox/__test__; these tests stop at what is stored.

const put = (id: string, cookie: string[] | undefined, body: object) => {
  const req = request(app).put(`/api/tickets/${id}`);
  if (cookie) req.set('Cookie', cookie);
  return req.send(body);
};

it('returns a 404 if the provided id does not exist', async () => {
  const id = new mongoose.Types.ObjectId().toHexString();
  await put(id, signin(), { title: 'concert', price: 20 }).expect(404, { errors: [{ message: 'Not Found' }] });
});

it('returns a normalized 404 for a malformed id', async () => {
  await put('not-an-id', signin(), { title: 'concert', price: 20 }).expect(404, { errors: [{ message: 'Not Found' }] });
});

it('returns a 401 if the user is not authenticated', async () => {
  const ticket = await createTicket();
  await put(ticket.id, undefined, { title: 'changed', price: 30 }).expect(401, {
    errors: [{ message: 'Not authorized' }],
  });
  expect(await Ticket.findById(ticket.id)).toMatchObject({ title: 'concert', version: 0 });
});

it('returns a 401 if the user does not own the ticket', async () => {
  const ticket = await createTicket();
  await put(ticket.id, signin(), { title: 'changed', price: 1000 }).expect(401, {
    errors: [{ message: 'Not authorized' }],
  });
  expect(await Ticket.findById(ticket.id)).toMatchObject({ title: 'concert', price: 20, version: 0 });
});

it.each([
  [{ title: '', price: 20 }, 'title'],
  [{ price: 20 }, 'title'],
  [{ title: 'changed', price: -10 }, 'price'],
  [{ title: 'changed' }, 'price'],
  [{ title: { $gt: '' }, price: 20 }, 'title'],
  [{ title: 'changed', price: { $gt: 0 } }, 'price'],
  [{ title: 'changed', price: 20.001 }, 'price'],
  [{ title: 'changed', price: 1e-9 }, 'price'],
  [{ title: '\u200b\u2060', price: 20 }, 'title'],
  [{ title: 'changed \u202e', price: 20 }, 'title'],
])('returns a 400 if the user provides an invalid title or price: %j', async (body, field) => {
  const cookie = signin();
  const ticket = await createTicket(cookie);
  const response = await put(ticket.id, cookie, body).expect(400);
  expect(response.body.errors).toEqual([{ message: expect.any(String), field }]);
  expect(await Ticket.findById(ticket.id)).toMatchObject({ title: 'concert', price: 20, version: 0 });
});

it('updates the ticket provided valid inputs, incrementing its version', async () => {
  const userId = newUserId();
  const cookie = signin(userId);
  const ticket = await createTicket(cookie);

  const response = await put(ticket.id, cookie, { title: 'new title', price: 100 }).expect(200);
  expect(response.body).toEqual({ id: ticket.id, title: 'new title', price: 100, userId, version: 1 });

  const shown = await request(app).get(`/api/tickets/${ticket.id}`).expect(200);
  expect(shown.body).toEqual(response.body);

  await put(ticket.id, cookie, { title: 'newer title', price: 100 }).expect(200);
  expect(await Ticket.findById(ticket.id)).toMatchObject({ title: 'newer title', version: 2 });
});

it('stores the ticket:updated event, from the saved document, in the same write', async () => {
  const cookie = signin();
  const ticket = await createTicket(cookie);
  const response = await put(ticket.id, cookie, { title: '  trimmed  ', price: 5.5 }).expect(200);

  const stored = await Ticket.findById(ticket.id);
  expect(stored!.pendingEvents.map(({ subject, data }) => ({ subject, data }))).toEqual([
    { subject: Subjects.TicketCreated, data: ticket },
    { subject: Subjects.TicketUpdated, data: { ...response.body, title: 'trimmed' } },
  ]);
});

it('neither bumps the version nor queues an event when nothing changes', async () => {
  const cookie = signin();
  const ticket = await createTicket(cookie);
  const response = await put(ticket.id, cookie, { title: 'concert', price: 20 }).expect(200);
  expect(response.body.version).toBe(0);
  expect((await Ticket.findById(ticket.id))!.pendingEvents).toHaveLength(1);
});

it('answers 409 when the ticket changed between read and write, and keeps the other edit', async () => {
  const cookie = signin();
  const ticket = await createTicket(cookie);
  // Another edit lands after this request read the ticket: simulated by saving from the hook that runs before the write.
  const original = Ticket.prototype.save;
  const spy = jest.spyOn(Ticket.prototype, 'save').mockImplementationOnce(async function (
    this: InstanceType<typeof Ticket>,
  ) {
    const other = await Ticket.findById(ticket.id);
    other!.set({ title: 'other edit' });
    await original.call(other);
    return original.call(this);
  });

  const response = await put(ticket.id, cookie, { title: 'mine', price: 20 }).expect(409);
  spy.mockRestore();

  expect(response.body).toEqual({ errors: [{ message: 'Ticket was modified concurrently, try again' }] });
  const stored = await Ticket.findById(ticket.id);
  expect(stored).toMatchObject({ title: 'other edit', version: 1 });
  expect(stored!.pendingEvents.map((event) => event.data.title)).toEqual(['concert', 'other edit']);
});
