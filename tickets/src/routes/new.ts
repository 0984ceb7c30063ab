import express, { Request, Response } from 'express';
import { priceField, requireAuth, titleField, validateRequest } from '@ticketing/common';
import { ticketRelay } from '../events/ticket-relay';
import { Ticket } from '../models/ticket';

const router = express.Router();

router.post(
  '/api/tickets',
  requireAuth,
  [titleField, priceField],
  validateRequest,
  async (req: Request, res: Response) => {
    const { title, price } = req.body as { title: string; price: number };

    // The ticket:created event is stored with the ticket, in the same write.
    const ticket = Ticket.build({ title, price, userId: req.currentUser!.id });
    await ticket.save();
    // Publishing happens in the background: the response never waits on the broker.
    ticketRelay.wake(ticket.id);

    res.status(201).send(ticket);
  },
);

export { router as createTicketRouter };
