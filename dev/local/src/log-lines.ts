import { prettyFactory } from 'pino-pretty';

/**
 * How `npm run dev` shows the services' JSON log lines (the services keep writing JSON, which
 * the e2e suites and production read): one short line, e.g. `12:00:01 INFO: GET /api/users 200 4ms`.
 */

/**
 * The request id the runner's own readiness checks send (X-Request-ID, which the services log as
 * `reqId`): their answers are its business, not the reader's.
 */
export const readinessRequestId = 'ticketing-dev-readiness';

interface RequestLog {
  reqId?: string;
  req?: { method?: string; url?: string };
  res?: { statusCode?: number };
  responseTime?: number;
  err?: { message?: string };
  msg?: string;
}

// pino-http's own error for a 5xx answer: the status says it all, its stack says nothing.
const statusOnly = /^failed with status code \d+$/;

const pretty = prettyFactory({
  colorize: Boolean(process.stdout.isTTY),
  translateTime: 'SYS:HH:MM:ss',
  ignore: 'pid,hostname,req,res,responseTime',
  singleLine: true,
  messageFormat: (log, messageKey) => {
    const { req, res, responseTime } = log as RequestLog;
    if (!req || !res) return String(log[messageKey] ?? '');
    return `${req.method} ${req.url} ${res.statusCode} ${responseTime}ms`;
  },
});

/**
 * A JSON log line rendered for people; any other line (Next's output) unchanged; undefined for
 * the runner's own readiness checks (a 503 while a service connects is expected, not news).
 */
export const renderLogLine = (line: string): string | undefined => {
  if (!line.startsWith('{')) return line;
  let log: RequestLog & Record<string, unknown>;
  try {
    log = JSON.parse(line) as RequestLog & Record<string, unknown>;
  } catch {
    return line;
  }
  if (log.reqId === readinessRequestId) return undefined;
  if (log.req && log.err?.message && statusOnly.test(log.err.message)) delete log.err;
  return pretty(log).trimEnd();
};
