import express, { Request, Response } from 'express';
import { readTicketJson } from '../models/find-ticket';

const router = express.Router();

router.get('/api/tickets/:id', async (req: Request, res: Response) => {
  res.send(await readTicketJson(req.params.id));
});

export { router as showTicketRouter };
