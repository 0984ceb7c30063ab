import { Express } from 'express';
import http from 'http';

export interface RunningServer {
  server: http.Server;
  /** Stops accepting connections and resolves once in-flight requests have been answered. */
  shutdown(): Promise<void>;
}

/**
 * Listens on `port`. Shutdown is graceful: new connections are refused, requests already
 * in flight complete, idle keep-alive connections close, and busy ones are told to close
 * after their response. It never exits the process: that is the caller's decision.
 */
export const serve = (app: Express, port: number): Promise<RunningServer> =>
  new Promise((resolve, reject) => {
    let closing = false;
    const server = http.createServer((req, res) => {
      if (closing) res.setHeader('Connection', 'close');
      app(req, res);
    });
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      let closed: Promise<void> | undefined;
      resolve({
        server,
        shutdown: () => {
          closing = true;
          closed ??= new Promise<void>((done) => {
            // Connections that finish their last response later become idle later: sweep them.
            const sweep = setInterval(() => server.closeIdleConnections(), 100);
            server.close(() => {
              clearInterval(sweep);
              done();
            });
            server.closeIdleConnections();
          });
          return closed;
        },
      });
    });
  });
