import mongoose from 'mongoose';
import { NotFoundError } from '@ticketing/common';
import { Ticket, TicketDoc } from './ticket';

/** The ticket with this id, or a 404 — also for an id that is not an ObjectId, which no ticket can have. */
export const findTicket = async (id: string): Promise<TicketDoc> => {
  const ticket = mongoose.isValidObjectId(id) ? await Ticket.findById(id) : null;
  if (!ticket) {
    throw new NotFoundError();
  }
  return ticket;
};
