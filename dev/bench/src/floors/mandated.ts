/**
 * What every service is bound to and the bare floors leave out: the pinned cookie-session reading
 * the session cookie, and one pino line per request with the fields operators need. A floor's
 * `/mandated/...` route puts these before its bare handler, so the gap left between it and the
 * service is the service's own code.
 */
import { randomUUID } from 'crypto';
import cookieSession from 'cookie-session';
import { RequestHandler } from 'express';
import pino from 'pino';

// Written as the services' logger writes (common/src/logger.ts): synchronously to stdout.
const logger = pino();

/** The request's line, written when its response is done; the user id from `res.locals.currentUser`. */
const logLine: RequestHandler = (req, res, next) => {
  const started = process.hrtime.bigint();
  res.once('close', () => {
    logger.info(
      {
        reqId: randomUUID(),
        req: { method: req.method, url: req.originalUrl },
        res: { statusCode: res.statusCode },
        responseTime: Number(process.hrtime.bigint() - started) / 1e6,
        userId: (res.locals.currentUser as { id?: string } | null | undefined)?.id,
      },
      'request completed',
    );
  });
  next();
};

/** The mandated handlers, to go before a floor's own: the log line, then the session. */
export const mandated: RequestHandler[] = [
  logLine,
  cookieSession({ name: 'session', signed: false, httpOnly: true, sameSite: 'lax' }),
];
