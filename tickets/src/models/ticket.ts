import mongoose from 'mongoose';
import { TicketEvent, ticketOutbox } from '../outbox/ticket-events';

/** What it takes to create a ticket. */
export interface TicketAttrs {
  title: string;
  price: number;
  userId: string;
}

/** A saved ticket document. Written only through `saveTicket()` (outbox/save-ticket.ts). */
export interface TicketDoc extends mongoose.Document {
  /** Mongoose's default string virtual for `_id`. */
  id: string;
  title: string;
  price: number;
  userId: string;
  /** 0 when created, one more on every saved change. */
  version: number;
  /** Events of saved changes not yet acknowledged by the broker, oldest (lowest version) first. */
  pendingEvents: TicketEvent[];
}

/**
 * What clients see of a ticket, from its stored fields (a document's toObject() or a lean read):
 * the id as a string, not an ObjectId, and never `_id` or the outbox. The one definition of a
 * ticket's JSON, for documents (toJSON) and lean reads alike. Changes `stored` in place.
 */
export const toTicketJson = (stored: Record<string, unknown>): Record<string, unknown> => {
  stored.id = String(stored._id);
  delete stored._id;
  delete stored.pendingEvents;
  return stored;
};

/** The Ticket model, with a typed `build` instead of `new Ticket(...)`. */
export interface TicketModel extends mongoose.Model<TicketDoc> {
  build(attrs: TicketAttrs): TicketDoc;
}

const ticketSchema = new mongoose.Schema<TicketDoc, TicketModel>(
  {
    title: { type: String, required: true },
    price: { type: Number, required: true },
    userId: { type: String, required: true },
  },
  {
    // Every save is conditional on the version it was loaded at and bumps it by one:
    // a save from a stale copy fails with a VersionError instead of overwriting.
    versionKey: 'version',
    optimisticConcurrency: true,
    toJSON: { transform: (_doc, ret: Record<string, unknown>) => toTicketJson(ret) },
  },
);

// Every save also queues the event describing it, in the same write (see outbox/ticket-events.ts).
ticketSchema.plugin(ticketOutbox);

ticketSchema.statics.build = (attrs: TicketAttrs): TicketDoc => new Ticket(attrs);

export const Ticket = mongoose.model<TicketDoc, TicketModel>('Ticket', ticketSchema);
