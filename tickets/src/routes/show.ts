import express, { Request, Response } from 'express';
import { findTicket } from '../models/find-ticket';

const router = express.Router();

router.get('/api/tickets/:id', async (req: Request, res: Response) => {
  res.send(await findTicket(req.params.id));
});

export { router as showTicketRouter };
