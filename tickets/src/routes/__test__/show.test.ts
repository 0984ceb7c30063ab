import mongoose from 'mongoose';
import request from 'supertest';
import { app } from '../../app';
import { createTicket } from '../../test/tickets';

it('returns a 404 if the ticket is not found', async () => {
  const id = new mongoose.Types.ObjectId().toHexString();
  await request(app)
    .get(`/api/tickets/${id}`)
    .expect(404, { errors: [{ message: 'Not Found' }] });
});

it.each(['not-an-id', '123', 'zzzzzzzzzzzzzzzzzzzzzzzz', '%24gt'])(
  'returns a normalized 404 for the malformed id %s',
  async (id) => {
    await request(app)
      .get(`/api/tickets/${id}`)
      .expect(404, { errors: [{ message: 'Not Found' }] });
  },
);

it('returns the ticket if it is found, signed in or not', async () => {
  const ticket = await createTicket(undefined, { title: 'concert', price: 20 });
  const response = await request(app).get(`/api/tickets/${ticket.id}`).expect(200);
  expect(response.body).toEqual(ticket);
  expect(Object.keys(response.body).sort()).toEqual(['id', 'price', 'title', 'userId', 'version']);
});
