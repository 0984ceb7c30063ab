import { Express } from 'express';
import http from 'http';
import { ServiceRequest, ServiceResponse } from './declared-fields';

/**
 * A client gets this long to send a whole request (headers: half of it), and a shutdown waits
 * this long for answers in flight before it closes their connections. With the drain period,
 * that keeps a stopping pod well inside the 30 s grace period of infra/k8s.
 */
export const REQUEST_TIMEOUT_MS = 10_000;
export const HEADERS_TIMEOUT_MS = 5_000;

export interface RunningServer {
  server: http.Server<typeof ServiceRequest, typeof ServiceResponse>;
  /**
   * Stops accepting connections and resolves once in-flight requests have been answered, or
   * after `timeoutMs`, when whatever connection is left is closed.
   */
  shutdown(timeoutMs?: number): Promise<void>;
}

/**
 * Listens on `port`. Shutdown is graceful: new connections are refused, requests already
 * in flight complete, idle keep-alive connections close, and busy ones are told to close
 * after their response. It never exits the process: that is the caller's decision.
 * Its requests and responses come with the fields the stack sets already declared (declared-fields.ts).
 */
export const serve = (app: Express, port: number): Promise<RunningServer> =>
  new Promise((resolve, reject) => {
    let closing = false;
    const server = http.createServer(
      { IncomingMessage: ServiceRequest, ServerResponse: ServiceResponse },
      (req, res) => {
        if (closing) res.setHeader('Connection', 'close');
        app(req, res);
      },
    );
    server.requestTimeout = REQUEST_TIMEOUT_MS;
    server.headersTimeout = HEADERS_TIMEOUT_MS;
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      let closed: Promise<void> | undefined;
      resolve({
        server,
        shutdown: (timeoutMs = REQUEST_TIMEOUT_MS) => {
          closing = true;
          closed ??= new Promise<void>((done) => {
            // Connections that finish their last response later become idle later: sweep them.
            const sweep = setInterval(() => server.closeIdleConnections(), 100);
            // A handler that outlives the budget must not hold the pod past its grace period.
            const deadline = setTimeout(() => server.closeAllConnections(), timeoutMs);
            server.close(() => {
              clearInterval(sweep);
              clearTimeout(deadline);
              done();
            });
            server.closeIdleConnections();
          });
          return closed;
        },
      });
    });
  });
