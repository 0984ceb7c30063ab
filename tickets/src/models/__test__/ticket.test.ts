import mongoose from 'mongoose';
import { Subjects } from '@ticketing/common';
import { Ticket } from '../ticket';

const build = () => Ticket.build({ title: 'concert', price: 5, userId: '123' });

it('implements optimistic concurrency control: a save from a stale copy fails', async () => {
  const ticket = build();
  await ticket.save();

  const firstInstance = await Ticket.findById(ticket.id);
  const secondInstance = await Ticket.findById(ticket.id);

  firstInstance!.set({ price: 10 });
  secondInstance!.set({ price: 15 });

  await firstInstance!.save();
  await expect(secondInstance!.save()).rejects.toBeInstanceOf(mongoose.Error.VersionError);

  // The first change stands, with only its own event queued.
  const stored = await Ticket.findById(ticket.id);
  expect(stored).toMatchObject({ price: 10, version: 1 });
  expect(stored!.pendingEvents.map((event) => event.data.price)).toEqual([5, 10]);
});

it('increments the version number by exactly one on each save', async () => {
  const ticket = build();
  await ticket.save();
  expect(ticket.version).toEqual(0);
  for (let n = 1; n <= 3; n++) {
    ticket.set({ price: 5 + n });
    await ticket.save();
    expect(ticket.version).toEqual(n);
    expect((await Ticket.findById(ticket.id))!.version).toEqual(n);
  }
});

it('queues one event per saved change, carrying the saved values and version', async () => {
  const ticket = build();
  await ticket.save();
  ticket.set({ title: 'changed' });
  await ticket.save();
  ticket.set({ price: 7 });
  await ticket.save();

  const stored = await Ticket.findById(ticket.id);
  const base = { id: ticket.id, userId: '123' };
  expect(stored!.pendingEvents.map(({ subject, data }) => ({ subject, data }))).toEqual([
    { subject: Subjects.TicketCreated, data: { ...base, title: 'concert', price: 5, version: 0 } },
    { subject: Subjects.TicketUpdated, data: { ...base, title: 'changed', price: 5, version: 1 } },
    { subject: Subjects.TicketUpdated, data: { ...base, title: 'changed', price: 7, version: 2 } },
  ]);
});

it('writes nothing and queues nothing when a save changes nothing', async () => {
  const ticket = build();
  await ticket.save();
  const loaded = await Ticket.findById(ticket.id);
  await loaded!.save();
  const stored = await Ticket.findById(ticket.id);
  expect(stored!.version).toBe(0);
  expect(stored!.pendingEvents).toHaveLength(1);
});

it('queues no event when the insert fails validation', async () => {
  await expect(Ticket.build({ title: '', price: 5, userId: '123' }).save()).rejects.toBeInstanceOf(
    mongoose.Error.ValidationError,
  );
  expect(await Ticket.countDocuments()).toBe(0);
});

it('shows id and version in JSON, and hides _id and the outbox', async () => {
  const ticket = build();
  await ticket.save();
  expect(JSON.parse(JSON.stringify(ticket))).toEqual({
    id: ticket.id,
    title: 'concert',
    price: 5,
    userId: '123',
    version: 0,
  });
});
