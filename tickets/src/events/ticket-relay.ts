import { Subjects } from '@ticketing/common';
import { Ticket, TicketEvent, ticketWrites } from '../models/ticket';
import { natsWrapper } from '../nats-wrapper';
import { OutboxRelay } from './outbox-relay';
import { TicketCreatedPublisher } from './publishers/ticket-created-publisher';
import { TicketUpdatedPublisher } from './publishers/ticket-updated-publisher';

/** Publishes a ticket's outbox event through its typed publisher, on the current connection. */
export const publishTicketEvent = (event: TicketEvent): Promise<void> => {
  // Read at each call: after a reconnect natsWrapper holds a new client.
  const { client } = natsWrapper;
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
