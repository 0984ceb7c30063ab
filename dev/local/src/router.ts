import http from 'http';
import net from 'net';
import { ProxyServer } from 'http-proxy-3';
import { matchRoute, Route } from './route-table';

export { buildRouteTable, loadRouteTable, matchRoute, ingressManifestPath } from './route-table';
export type { Route } from './route-table';

export interface Backend {
  /** Short name used in messages, e.g. "auth". */
  name: string;
  port: number;
}

export interface RouterOptions {
  routes: Route[];
  /** Kubernetes Service name (auth-srv) -> the local process serving it. */
  backends: Record<string, Backend>;
}

const sendJson = (res: http.ServerResponse, status: number, message: string) => {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', Connection: 'close' });
  res.end(JSON.stringify({ errors: [{ message }] }));
};

/**
 * What ingress-nginx tells the backend about the original request. Client-sent X-Forwarded-*
 * values are replaced, not appended to, as ingress-nginx does by default
 * (use-forwarded-headers: false), so a browser cannot spoof its address or scheme.
 */
const setForwardedHeaders = (req: http.IncomingMessage) => {
  const socket = req.socket;
  const encrypted = (socket as { encrypted?: boolean }).encrypted === true;
  const remote = socket.remoteAddress ?? '';
  req.headers['x-forwarded-for'] = remote;
  req.headers['x-real-ip'] = remote;
  req.headers['x-forwarded-proto'] = encrypted ? 'https' : 'http';
  req.headers['x-forwarded-host'] = req.headers.host ?? '';
  req.headers['x-forwarded-port'] = String(socket.localPort ?? '');
};

/**
 * An HTTP server that routes like the cluster's Ingress: each request goes to the backend of
 * the first matching route (see route-table.ts), with the original Host and URL; WebSocket
 * upgrades (Next's HMR) are proxied too. A backend that cannot be reached is answered
 * 502 `{errors:[{message:'Service unavailable: <name>'}]}`; no matching route 404.
 * Returns the server unstarted: call listen() on it.
 */
export const createRouter = ({ routes, backends }: RouterOptions): http.Server => {
  const unmapped = [...new Set(routes.map((route) => route.service))].filter((service) => !backends[service]);
  if (unmapped.length)
    throw new Error(`The Ingress routes to services the local stack does not run: ${unmapped.join(', ')}`);

  const proxy = new ProxyServer({
    // nginx's default proxy_read_timeout: a hung backend is cut off after 60 s.
    proxyTimeout: 60_000,
    // No pooled connections: a backend restarted by watch mode would otherwise leave sockets
    // that fail on reuse with a spurious 502. Loopback connects cost next to nothing.
    agent: new http.Agent({ keepAlive: false }),
  });
  // Connection is hop-by-hop: the backend closing its connection must not close the browser's.
  proxy.on('proxyRes', (proxyRes) => {
    delete proxyRes.headers.connection;
  });

  const backendFor = (req: http.IncomingMessage): Backend | undefined => {
    const route = matchRoute(routes, req.headers.host, req.url ?? '/');
    return route && backends[route.service];
  };

  const server = http.createServer((req, res) => {
    const backend = backendFor(req);
    if (!backend) return sendJson(res, 404, 'Not Found');
    setForwardedHeaders(req);
    proxy.web(req, res, { target: `http://127.0.0.1:${backend.port}` }, () => {
      if (res.headersSent) res.destroy();
      else sendJson(res, 502, `Service unavailable: ${backend.name}`);
    });
  });

  server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    const backend = backendFor(req);
    if (!backend) return socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
    setForwardedHeaders(req);
    proxy.ws(req, socket, head, { target: `ws://127.0.0.1:${backend.port}` }, () => {
      if (socket.writable) socket.end('HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\n\r\n');
      else socket.destroy();
    });
  });

  return server;
};

/** Starts the router on 127.0.0.1:port; resolves with a stop function once listening. */
export const startRouter = (
  options: RouterOptions,
  port: number,
): Promise<{ server: http.Server; port: number; stop(): Promise<void> }> =>
  new Promise((resolve, reject) => {
    const server = createRouter(options);
    // Upgraded (WebSocket) sockets are not closed by closeAllConnections(): track every socket.
    const sockets = new Set<net.Socket>();
    server.on('connection', (socket: net.Socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const { port: actual } = server.address() as net.AddressInfo;
      resolve({
        server,
        port: actual,
        stop: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Keep-alive and HMR WebSocket connections would otherwise hold close() open.
            for (const socket of sockets) socket.destroy();
          }),
      });
    });
  });
