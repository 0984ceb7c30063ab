import mongoose from 'mongoose';
import { NotFoundError } from '@ticketing/common';
import { Ticket, TicketDoc, toTicketJson } from './ticket';

/** What `read` finds for this id, or a 404 — also for an id that is not an ObjectId, which no ticket can have. */
const foundOr404 = async <T>(id: string, read: () => Promise<T | null>): Promise<T> => {
  const found = mongoose.isValidObjectId(id) ? await read() : null;
  if (!found) {
    throw new NotFoundError();
  }
  return found;
};

/** The ticket with this id as a document, to change and save, or a 404. */
export const findTicket = (id: string): Promise<TicketDoc> => foundOr404(id, () => Ticket.findById(id).exec());

/**
 * The ticket with this id as clients see it, or a 404. Read for showing only: a plain object
 * (lean, no document built) without the outbox, which is never sent and may hold many events.
 */
export const readTicketJson = async (id: string): Promise<Record<string, unknown>> =>
  toTicketJson(
    await foundOr404(id, () => Ticket.findById(id).select('-pendingEvents').lean<Record<string, unknown>>().exec()),
  );
