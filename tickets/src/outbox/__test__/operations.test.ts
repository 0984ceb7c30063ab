import mongoose from 'mongoose';
import { Ticket } from '../../models/ticket';
import { publishAndRecord } from '../../test/events';
import { createTicket, waitUntil } from '../../test/tickets';
import { ticketRelay } from '../ticket-relay';

const events = publishAndRecord();
beforeAll(() => ticketRelay.start());

// Read with the driver directly: mongoose's debug hook, which counts the service's operations, does not see these.
const rawTickets = () => mongoose.connection.getClient().db(mongoose.connection.name).collection('tickets');

/** The database operations on tickets from a create's request until its event is published and cleared. */
const operationsOfOneCreate = async (): Promise<string[]> => {
  const operations: string[] = [];
  mongoose.set('debug', (collection: string, method: string) => {
    if (collection === 'tickets') operations.push(method);
  });
  try {
    const { id } = await createTicket();
    await events.recorder.waitForCount(id, 1);
    const _id = new mongoose.Types.ObjectId(id);
    await waitUntil(async () => ((await rawTickets().findOne({ _id }))?.pendingEvents ?? []).length === 0);
  } finally {
    mongoose.set('debug', false);
  }
  return operations;
};

/** The fewest over a few creates: the relay's periodic sweep may add operations to any one of them. */
const fewestOperations = async () => {
  const runs = [await operationsOfOneCreate(), await operationsOfOneCreate(), await operationsOfOneCreate()];
  return runs.reduce((fewest, run) => (run.length < fewest.length ? run : fewest));
};

it('costs the same database operations per create with 1 or 200 tickets stored', async () => {
  await operationsOfOneCreate(); // the relay's first pass sweeps the whole collection once

  const few = await fewestOperations();
  await Ticket.insertMany(
    Array.from({ length: 200 }, (_, i) => ({ title: `stored ${i}`, price: 10, userId: 'seller' })),
  );
  const many = await fewestOperations();

  expect(few.length).toBeGreaterThan(0);
  expect(many).toEqual(few);
});
