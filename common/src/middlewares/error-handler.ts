import { NextFunction, Request, Response } from 'express';
import { CustomError } from '../errors/custom-error';
import { DatabaseConnectionError } from '../errors/database-connection-error';
import { TooManyRequestsError } from '../errors/too-many-requests-error';
import { logger } from '../logger';

/** Errors thrown by body-parser carry an HTTP status and a safe-to-show type. */
interface HttpError extends Error {
  status: number;
  type?: string;
  expose?: boolean;
}

const isClientHttpError = (err: Error): err is HttpError => {
  const status = (err as Partial<HttpError>).status;
  return typeof status === 'number' && status >= 400 && status < 500;
};

const clientMessages: Record<string, string> = {
  'entity.parse.failed': 'Request body is not valid JSON',
  'entity.too.large': 'Request body is too large',
  'encoding.unsupported': 'Unsupported content encoding',
  'charset.unsupported': 'Unsupported charset',
  'request.aborted': 'Request aborted',
};

// Driver errors that mean "the database cannot be reached right now", not a bug.
const databaseUnavailable = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
]);

const isDatabaseUnavailable = (err: Error): boolean =>
  databaseUnavailable.has(err.name) || /buffering timed out/.test(err.message);

/** The last middleware: every error leaves as `{errors: [{message, field?}]}` JSON. */
export const errorHandler = (err: Error, req: Request, res: Response, _next: NextFunction) => {
  const error = isDatabaseUnavailable(err) ? new DatabaseConnectionError() : err;
  if (error instanceof TooManyRequestsError) {
    // Whole seconds, at least 1: the only form of Retry-After every client reads.
    res.set('Retry-After', String(Math.max(1, Math.ceil(error.retryAfterSeconds))));
  }
  if (error instanceof CustomError) {
    return res.status(error.statusCode).send({ errors: error.serializeErrors() });
  }
  if (isClientHttpError(error)) {
    const message = clientMessages[error.type ?? ''] ?? (error.expose ? error.message : 'Bad request');
    return res.status(error.status).send({ errors: [{ message }] });
  }

  logger.error({ err: error, reqId: req.id }, 'Unhandled error');
  res.status(500).send({ errors: [{ message: 'Something went wrong' }] });
};
