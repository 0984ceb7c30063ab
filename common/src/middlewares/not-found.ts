import { Request, Response } from 'express';
import { NotFoundError } from '../errors/not-found-error';

/** The catch-all after every router: unknown routes and methods answer a normalized 404. */
export const notFound = (_req: Request, _res: Response) => {
  throw new NotFoundError();
};
