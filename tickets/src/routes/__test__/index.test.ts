import request from 'supertest';
import { app } from '../../app';
import { createTicket } from '../../test/tickets';

it('returns an empty list when there are no tickets', async () => {
  await request(app).get('/api/tickets').expect(200, []);
});

it('can fetch a list of tickets, newest first, signed in or not', async () => {
  const first = await createTicket(undefined, { title: 'first', price: 10 });
  const second = await createTicket(undefined, { title: 'second', price: 20 });
  const third = await createTicket(undefined, { title: 'third', price: 30 });

  const response = await request(app).get('/api/tickets').expect(200);
  expect(response.body).toEqual([third, second, first]);
});
