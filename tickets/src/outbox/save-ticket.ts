import { TicketDoc } from '../models/ticket';
import { ticketRelay, ticketWrites } from './ticket-relay';

/**
 * The one way to write a ticket, for routes and (later) event listeners alike. The save
 * stores the change together with the event describing it (see ticket-events.ts), runs in
 * step with other writes to the same ticket, and wakes the relay, which publishes the event
 * in the background: the caller never waits on the broker.
 *
 * Rejects with mongoose's VersionError when the ticket changed since it was loaded.
 */
export const saveTicket = async (ticket: TicketDoc): Promise<TicketDoc> => {
  await ticketWrites.run(ticket.id, () => ticket.save());
  ticketRelay.wake(ticket.id);
  return ticket;
};
