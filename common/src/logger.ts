import pino, { DestinationStream, Level, Logger } from 'pino';

export interface LoggerOptions {
  /** Defaults to LOG_LEVEL, else info. */
  level?: Level;
  /** Where lines go; stdout when omitted. */
  destination?: DestinationStream;
}

/**
 * Structured JSON logs. Secrets never reach them: cookies and auth headers are redacted
 * wherever headers are logged (request lines carry them only at debug level, see request-logger).
 * Only those keys are redaction paths, so the lines that carry no headers cost no redaction.
 */
export const createLogger = ({ level, destination }: LoggerOptions = {}): Logger =>
  pino(
    {
      level: level ?? process.env.LOG_LEVEL ?? 'info',
      redact: {
        paths: ['reqHeaders.cookie', 'reqHeaders.authorization', 'resHeaders["set-cookie"]'],
        censor: '[redacted]',
      },
    },
    destination,
  );

export const logger = createLogger();
