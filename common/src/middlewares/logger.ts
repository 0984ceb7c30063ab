import pino from 'pino';
import { pinoHttp } from 'pino-http';

/** Structured JSON logs. Secrets never reach them: cookies and auth headers are redacted. */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  redact: {
    paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
    censor: '[redacted]',
  },
});

/** One log line per request; bodies (which may hold passwords) are never logged. */
export const requestLogger = pinoHttp({
  logger,
  customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
});
