import { Request, Response } from 'express';
import { AddRoutes } from '@ticketing/common';

export const addSignoutRoute: AddRoutes = (router) => {
  router.post('/api/users/signout', (req: Request, res: Response) => {
    req.session = null;
    res.send({});
  });
};
