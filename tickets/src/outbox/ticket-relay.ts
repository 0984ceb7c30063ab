import { KeyedLock, Subjects } from '@ticketing/common';
import { TicketCreatedPublisher } from '../events/publishers/ticket-created-publisher';
import { TicketUpdatedPublisher } from '../events/publishers/ticket-updated-publisher';
import { Ticket } from '../models/ticket';
import { nats } from '../nats';
import { OutboxRelay } from './outbox-relay';
import { TicketEvent } from './ticket-events';

/**
 * Every write to an existing ticket document (`saveTicket`, the relay's removal of a published
 * event) goes through this lock, keyed by ticket id.
 *
 * Why: FerretDB v1 (the MongoDB-compatible server the tests and the local stack run on)
 * applies an update as read-modify-write without isolation between connections, so two
 * concurrent conditional updates of one document can both report a match while the later
 * write silently overwrites the earlier one (losing an optimistic-concurrency check, a `$push`
 * or a `$pop`). Serializing this process's writes to a document restores single-document
 * atomicity for one replica; on MongoDB, where updates are atomic, it only costs ordering.
 */
export const ticketWrites = new KeyedLock();

/** Publishes a ticket's outbox event through its typed publisher, on the current connection. */
export const publishTicketEvent = (event: TicketEvent): Promise<void> => {
  // Read at each call: once a lost session is made anew there is a new client.
  const { client } = nats;
  switch (event.subject) {
    case Subjects.TicketCreated:
      return new TicketCreatedPublisher(client).publish(event.data);
    case Subjects.TicketUpdated:
      return new TicketUpdatedPublisher(client).publish(event.data);
  }
};

/** Builds a relay for the tickets outbox; the service runs one (`ticketRelay`), tests may run others. */
export const createTicketRelay = (
  options: { sweepIntervalMs?: number; retryBaseMs?: number; maxBackoffMs?: number } = {},
) =>
  new OutboxRelay<TicketEvent>({
    name: 'tickets',
    collection: Ticket.collection,
    publish: publishTicketEvent,
    serializeWrite: (id, write) => ticketWrites.run(id, write),
    ...options,
  });

export const ticketRelay = createTicketRelay();
