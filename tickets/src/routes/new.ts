import { Request, Response } from 'express';
import { priceField, requireAuth, titleField, validateRequest, AddRoutes } from '@ticketing/common';
import { Ticket } from '../models/ticket';
import { saveTicket } from '../outbox/save-ticket';

export const addCreateTicketRoute: AddRoutes = (router) => {
  router.post(
    '/api/tickets',
    requireAuth,
    [titleField, priceField],
    validateRequest,
    async (req: Request, res: Response) => {
      const { title, price } = req.body as { title: string; price: number };

      // Stored with its ticket:created event, which is published in the background.
      const ticket = await saveTicket(Ticket.build({ title, price, userId: req.currentUser!.id }));

      res.status(201).send(ticket);
    },
  );
};
