import { Request, Response } from 'express';
import { AddRoutes } from '@ticketing/common';
import { readTicketJson } from '../models/find-ticket';

export const addShowTicketRoute: AddRoutes = (router) => {
  router.get('/api/tickets/:id', async (req: Request, res: Response) => {
    res.send(await readTicketJson(req.params.id));
  });
};
