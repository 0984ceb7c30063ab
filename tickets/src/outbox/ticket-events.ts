import mongoose from 'mongoose';
import { Subjects, TicketCreatedEvent, TicketEventData, TicketUpdatedEvent } from '@ticketing/common';

/** An event waiting in the ticket's outbox until the relay has had it acknowledged by the broker. */
export type TicketEvent = TicketCreatedEvent | TicketUpdatedEvent;

/** An outbox entry: the event, and when its write queued it (what the backlog's age is read from). */
export type PendingTicketEvent = TicketEvent & { queuedAt?: Date };

/** What the hook reads of a ticket document: the fields its events carry, and its outbox. */
type OutboxTicket = mongoose.HydratedDocument<Omit<TicketEventData, 'id'> & { pendingEvents: PendingTicketEvent[] }>;

const pendingEventSchema = new mongoose.Schema<PendingTicketEvent>(
  {
    subject: { type: String, enum: Object.values(Subjects), required: true },
    data: { type: mongoose.Schema.Types.Mixed, required: true },
    queuedAt: { type: Date },
  },
  { _id: false },
);

/**
 * Adds the outbox to the ticket schema: the event describing a change is pushed in the same
 * single-document write as the change itself (`$set` + `$inc version` + `$push`), so the two
 * cannot part ways without needing transactions. A save that changes nothing writes nothing
 * and emits nothing.
 */
export const ticketOutbox = (schema: mongoose.Schema) => {
  schema.add({ pendingEvents: { type: [pendingEventSchema], default: [] } });
  schema.pre('save', function (this: OutboxTicket) {
    if (!this.isNew && !this.isModified(['title', 'price', 'userId'])) return;
    const data: TicketEventData = {
      id: this.id as string,
      // The version this save will store: 0 on insert, the loaded version + 1 on update.
      version: this.isNew ? 0 : this.version + 1,
      title: this.title,
      price: this.price,
      userId: this.userId,
    };
    const queuedAt = new Date();
    this.pendingEvents.push(
      this.isNew
        ? { subject: Subjects.TicketCreated, data, queuedAt }
        : { subject: Subjects.TicketUpdated, data, queuedAt },
    );
  });
};
