import request from 'supertest';
import { Subjects } from '@ticketing/common';
import { app } from '../app';
import { ticketRelay } from '../outbox/ticket-relay';
import { Ticket } from '../models/ticket';
import { publishAndRecord } from '../test/events';
import { signin } from '../test/signin';
import { createTicket, waitUntil } from '../test/tickets';

const CONCURRENT = 20;
const events = publishAndRecord();

beforeAll(() => ticketRelay.start());

/**
 * Versions: 0 on create, +1 per successful change. So after S successful PUTs (each a real
 * change) the ticket is at version S, each success answered a distinct version in 1..S, every
 * other PUT was a 409 that changed nothing, and exactly S ticket:updated events went out.
 */
it(`${CONCURRENT} simultaneous edits by the owner: no lost update, one event per success`, async () => {
  const cookie = signin();
  const ticket = await createTicket(cookie, { title: 'start', price: 1 });

  const responses = await Promise.all(
    Array.from({ length: CONCURRENT }, (_, n) =>
      request(app)
        .put(`/api/tickets/${ticket.id}`)
        .set('Cookie', cookie)
        .send({ title: `edit ${n}`, price: n + 2 }),
    ),
  );

  const successes = responses.filter((response) => response.status === 200);
  const conflicts = responses.filter((response) => response.status === 409);
  expect(successes.length + conflicts.length).toBe(CONCURRENT);
  expect(successes.length).toBeGreaterThanOrEqual(1);
  for (const conflict of conflicts) {
    expect(conflict.body).toEqual({ errors: [{ message: 'Ticket was modified concurrently, try again' }] });
  }

  const versions = successes.map((response) => response.body.version as number).sort((a, b) => a - b);
  expect(versions).toEqual(Array.from({ length: successes.length }, (_, i) => i + 1));

  const stored = await Ticket.findById(ticket.id);
  const lastSuccess = successes.find((response) => response.body.version === successes.length)!;
  expect(stored!.toJSON()).toEqual(lastSuccess.body);

  await events.recorder.waitForCount(ticket.id, 1 + successes.length);
  await waitUntil(
    async () => (await Ticket.findById(ticket.id))!.pendingEvents.length === 0,
    5000,
    'the outbox to empty',
  );
  const updates = events.recorder.forTicket(ticket.id).filter((event) => event.subject === Subjects.TicketUpdated);
  expect(updates.map((event) => event.data)).toEqual(
    [...successes].sort((a, b) => a.body.version - b.body.version).map((response) => response.body),
  );
});
