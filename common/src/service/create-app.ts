// Patches express so a rejected promise in an async handler reaches errorHandler instead of
// hanging the request. Every service's routes import this package, so the patch is in place
// before any of their routes is added.
import 'express-async-errors';
import express, { Express, IRouter } from 'express';
import { currentUser } from '../middlewares/current-user';
import { errorHandler } from '../middlewares/error-handler';
import { addHealthRoutes, ReadinessChecks, StatusReports } from './health-router';
import { jsonBody } from '../middlewares/json-body';
import { requestLogger } from '../middlewares/request-logger';
import { notFound } from '../middlewares/not-found';
import { session } from '../middlewares/session';

export interface AppOptions {
  /** Where `healthz` and `readyz` are served, e.g. '/api/users'. */
  healthPrefix: string;
  /**
   * What serving requests needs, by name (the name is reported when it fails). Readiness means
   * "can serve requests", not "every dependency is up": list only what no request can do without.
   */
  readiness: ReadinessChecks;
  /** Reported in the readyz body without deciding readiness (e.g. the broker, an outbox backlog). */
  status?: StatusReports;
  /** Each adds some of the service's routes to the app; called in order, so routes match in that order. */
  routes: AddRoutes[];
}

/**
 * Adds routes to the app itself (`app.get(...)`), not as a router of their own: express enters
 * every mounted router a request reaches, and leaves one that has no match for it through
 * setImmediate, a turn of the event loop per router passed.
 */
export type AddRoutes = (app: IRouter) => void;

/** The express app every service serves: the shared middlewares around its own routes. */
export const createApp = ({ healthPrefix, readiness, status, routes }: AppOptions): Express => {
  const app = express();
  // Behind the ingress, one hop: trust its X-Forwarded-Proto (so req.secure and the cookie's `secure` flag
  // reflect HTTPS) and take req.ip from the address it appends, not from anything the client sent.
  app.set('trust proxy', 1);

  // First, so every request is logged once, including those the body parser rejects.
  app.use(requestLogger);
  app.use(jsonBody);
  app.use(session());
  app.use(currentUser);

  // Before the service's routes, or a route like GET /api/tickets/:id would take /api/tickets/healthz.
  addHealthRoutes(app, healthPrefix, readiness, status);
  for (const add of routes) add(app);

  app.use(notFound);
  app.use(errorHandler);
  return app;
};
