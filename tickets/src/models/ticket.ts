import mongoose from 'mongoose';
import { Subjects, TicketCreatedEvent, TicketEventData, TicketUpdatedEvent } from '@ticketing/common';
import { KeyedLock } from '../services/keyed-lock';

/** An event waiting in the ticket's outbox until the relay has had it acknowledged by the broker. */
export type TicketEvent = TicketCreatedEvent | TicketUpdatedEvent;

/** What it takes to create a ticket. */
export interface TicketAttrs {
  title: string;
  price: number;
  userId: string;
}

/** A saved ticket document. */
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

/** The Ticket model, with a typed `build` instead of `new Ticket(...)`. */
export interface TicketModel extends mongoose.Model<TicketDoc> {
  build(attrs: TicketAttrs): TicketDoc;
}

const pendingEventSchema = new mongoose.Schema<TicketEvent>(
  {
    subject: { type: String, enum: Object.values(Subjects), required: true },
    data: { type: mongoose.Schema.Types.Mixed, required: true },
  },
  { _id: false },
);

const ticketSchema = new mongoose.Schema<TicketDoc, TicketModel>(
  {
    title: { type: String, required: true },
    price: { type: Number, required: true },
    userId: { type: String, required: true },
    pendingEvents: { type: [pendingEventSchema], default: [] },
  },
  {
    // Every save is conditional on the version it was loaded at and bumps it by one:
    // a save from a stale copy fails with a VersionError instead of overwriting.
    versionKey: 'version',
    optimisticConcurrency: true,
    toJSON: {
      transform(_doc, ret: Record<string, unknown>) {
        // A string, as clients see it over the wire, not an ObjectId.
        ret.id = String(ret._id);
        delete ret._id;
        delete ret.pendingEvents;
        return ret;
      },
    },
  },
);

/**
 * The outbox: the event describing a change is pushed in the same single-document write
 * as the change itself (`$set` + `$inc version` + `$push`), so the two cannot part ways
 * without needing transactions. A save that changes nothing writes nothing and emits nothing.
 */
ticketSchema.pre('save', function () {
  if (!this.isNew && !this.isModified(['title', 'price', 'userId'])) return;
  const data: TicketEventData = {
    id: this.id,
    // The version this save will store: 0 on insert, the loaded version + 1 on update.
    version: this.isNew ? 0 : this.version + 1,
    title: this.title,
    price: this.price,
    userId: this.userId,
  };
  this.pendingEvents.push(
    this.isNew ? { subject: Subjects.TicketCreated, data } : { subject: Subjects.TicketUpdated, data },
  );
});

ticketSchema.statics.build = (attrs: TicketAttrs): TicketDoc => new Ticket(attrs);

export const Ticket = mongoose.model<TicketDoc, TicketModel>('Ticket', ticketSchema);

/**
 * Every update of an existing ticket document (a route's save, the relay's removal of a
 * published event) goes through this lock, keyed by ticket id: see KeyedLock for why.
 */
export const ticketWrites = new KeyedLock();
