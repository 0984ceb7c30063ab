import mongoose from 'mongoose';
import { NotFoundError } from '@ticketing/common';
import { Ticket } from '../ticket';
import { findTicket, readTicketJson } from '../find-ticket';

afterEach(() => jest.restoreAllMocks());

/** A stored ticket whose creation event is still in its outbox (saved directly, never relayed). */
const storedTicket = async () => {
  const ticket = Ticket.build({ title: 'concert', price: 5, userId: '123' });
  await ticket.save();
  expect(ticket.pendingEvents).toHaveLength(1);
  return ticket;
};

/** The collection calls mongoose sends while `run` runs: [method, ...arguments]. */
const queriesDuring = async (run: () => Promise<unknown>): Promise<unknown[][]> => {
  const calls: unknown[][] = [];
  mongoose.set('debug', (_collection: string, method: string, ...args: unknown[]) => calls.push([method, ...args]));
  try {
    await run();
  } finally {
    mongoose.set('debug', false);
  }
  return calls;
};

it('reads the same JSON a ticket document gives, with no outbox', async () => {
  const ticket = await storedTicket();
  const json = await readTicketJson(ticket.id);
  expect(json).toEqual(JSON.parse(JSON.stringify(await Ticket.findById(ticket.id))));
  expect(json).toEqual({ id: ticket.id, title: 'concert', price: 5, userId: '123', version: 0 });
});

it('reads a plain object, and never asks the database for the outbox', async () => {
  const ticket = await storedTicket();
  // Every document mongoose builds from a query result goes through init.
  const hydrate = jest.spyOn(mongoose.Document.prototype, 'init');
  let json: unknown;
  const calls = await queriesDuring(async () => {
    json = await readTicketJson(ticket.id);
  });
  expect(hydrate).not.toHaveBeenCalled();
  expect(json).not.toBeInstanceOf(mongoose.Document);
  expect(calls).toEqual([
    [
      'findOne',
      { _id: new mongoose.Types.ObjectId(ticket.id) },
      expect.objectContaining({ projection: { pendingEvents: 0 } }),
    ],
  ]);
});

it('finds a document to change, outbox included', async () => {
  const ticket = await storedTicket();
  const hydrate = jest.spyOn(mongoose.Document.prototype, 'init');
  const found = await findTicket(ticket.id);
  expect(found).toBeInstanceOf(Ticket);
  expect(found.pendingEvents).toHaveLength(1);
  expect(hydrate).toHaveBeenCalled();
});

it.each([
  ['a well-formed id no ticket has', () => new mongoose.Types.ObjectId().toHexString()],
  ['an id that is not an ObjectId', () => 'not-an-id'],
])('is a 404 for %s, both ways', async (_label, id) => {
  await expect(readTicketJson(id())).rejects.toBeInstanceOf(NotFoundError);
  await expect(findTicket(id())).rejects.toBeInstanceOf(NotFoundError);
});
