import { Request, Response } from 'express';
import { AddRoutes } from '@ticketing/common';

// currentUser (mounted app-wide) has already verified the session JWT; an invalid or expired one leaves it unset.
export const addCurrentUserRoute: AddRoutes = (router) => {
  router.get('/api/users/currentuser', (req: Request, res: Response) => {
    res.send({ currentUser: req.currentUser ?? null });
  });
};
