import 'express-async-errors';
import express, { RequestHandler } from 'express';
import { currentUser } from '../middlewares/current-user';
import { errorHandler } from '../middlewares/error-handler';
import { jsonBody } from '../middlewares/json-body';
import { notFound } from '../middlewares/not-found';
import { session } from '../middlewares/session';

/** A service-shaped app around one route, for exercising the middlewares together. */
export const buildApp = (method: 'get' | 'post', path: string, ...handlers: RequestHandler[]) => {
  const app = express();
  app.set('trust proxy', true);
  app.use(jsonBody);
  app.use(session());
  app.use(currentUser);
  app[method](path, ...handlers);
  app.all('*', notFound);
  app.use(errorHandler);
  return app;
};

/** A `session=` cookie holding `jwt`, as cookie-session (unsigned) writes it. */
export const sessionCookie = (jwt: string) =>
  `session=${Buffer.from(JSON.stringify({ jwt })).toString('base64')}`;
