import express, { Request, Response } from 'express';
import { Ticket } from '../models/ticket';

const router = express.Router();

router.get('/api/tickets', async (_req: Request, res: Response) => {
  // ObjectIds start with their creation time: descending _id is newest first.
  const tickets = await Ticket.find({}).sort({ _id: -1 });
  res.send(tickets);
});

export { router as indexTicketRouter };
