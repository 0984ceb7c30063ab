import { Request, Response } from 'express';
import mongoose from 'mongoose';
import {
  ConflictError,
  NotAuthorizedError,
  priceField,
  requireAuth,
  titleField,
  validateRequest,
  AddRoutes,
} from '@ticketing/common';
import { findTicket } from '../models/find-ticket';
import { saveTicket } from '../outbox/save-ticket';

export const addUpdateTicketRoute: AddRoutes = (router) => {
  router.put(
    '/api/tickets/:id',
    requireAuth,
    [titleField, priceField],
    validateRequest,
    async (req: Request, res: Response) => {
      const ticket = await findTicket(req.params.id);
      if (ticket.userId !== req.currentUser!.id) {
        throw new NotAuthorizedError();
      }

      const { title, price } = req.body as { title: string; price: number };
      ticket.set({ title, price });
      try {
        // Conditional on the version just read: a concurrent edit in between makes this fail
        // rather than be silently overwritten. The ticket:updated event goes in the same write.
        await saveTicket(ticket);
      } catch (err) {
        if (err instanceof mongoose.Error.VersionError) {
          throw new ConflictError('Ticket was modified concurrently, try again');
        }
        throw err;
      }

      res.send(ticket);
    },
  );
};
