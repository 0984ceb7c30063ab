import { randomUUID } from 'crypto';
import { RequestHandler } from 'express';
import { Logger } from 'pino';
import { logger as serviceLogger } from '../logger';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** This request's id: the ingress's X-Request-ID when it sent a usable one, else a new UUID. */
      id: string;
    }
  }
}

// ingress-nginx sends its $req_id as X-Request-ID; anything else is replaced, so a client
// cannot put arbitrary text into the logs under the request id.
const USABLE_REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * One log line per request, when its response is done: request id, method and URL, status,
 * time in ms and the signed-in user's id, in pino-http's field names (`req`, `res`,
 * `responseTime`). Headers (redacted by the logger) are added only at debug level:
 * serializing and redacting them on every request, as pino-http did, took about a quarter of
 * auth's CPU per currentuser request (dev/bench). Bodies, which may hold passwords, are never logged.
 */
export const logRequests =
  (logger: Logger): RequestHandler =>
  (req, res, next) => {
    const started = process.hrtime.bigint();
    const incoming = req.headers['x-request-id'];
    req.id = typeof incoming === 'string' && USABLE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-ID', req.id);

    // 'close' comes once per response: after it was sent, or when the connection dropped first.
    res.once('close', () => {
      const line: Record<string, unknown> = {
        reqId: req.id,
        req: { method: req.method, url: req.originalUrl },
        res: { statusCode: res.statusCode },
        responseTime: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
        userId: req.currentUser?.id,
      };
      if (logger.isLevelEnabled('debug')) {
        line.reqHeaders = req.headers;
        line.resHeaders = res.getHeaders();
      }
      if (!res.writableFinished) logger.warn(line, 'request aborted before the response was sent');
      else if (res.statusCode >= 500) logger.error(line, 'request failed');
      else logger.info(line, 'request completed');
    });
    next();
  };

/** The request logger every service's app uses (createApp), writing to the service's logger. */
export const requestLogger = logRequests(serviceLogger);
