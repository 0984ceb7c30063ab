import { pinoHttp } from 'pino-http';
import { logger } from '../logger';

/** One log line per request; bodies (which may hold passwords) are never logged. */
export const requestLogger = pinoHttp({
  logger,
  customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
});
