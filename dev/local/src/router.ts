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
  /** One line per failed request or websocket. Default: `[router] ...` on stdout. */
  log?: (line: string) => void;
}

const sendJson = (res: http.ServerResponse, status: number, message: string) => {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', Connection: 'close' });
  res.end(JSON.stringify({ errors: [{ message }] }));
};

const sendPage = (res: http.ServerResponse, status: number, message: string) => {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', Connection: 'close' });
  const text = message.replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`);
  res.end(
    `<!doctype html><html lang="en"><head><title>${status}</title></head>` +
      `<body><h1>${status}</h1><p>${text}</p><p>Reload the page to try again.</p></body></html>`,
  );
};

/** The browser's API calls get the services' error shape; pages get a page. */
const sendError = (req: http.IncomingMessage, res: http.ServerResponse, status: number, message: string) =>
  (req.url ?? '').startsWith('/api/') ? sendJson(res, status, message) : sendPage(res, status, message);

// What a peer going away or a backend restarting looks like: worth a line, not a stack trace.
const networkErrors = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

const describeError = (err: unknown): string => {
  const { code, message, stack } = err as NodeJS.ErrnoException;
  if (code && networkErrors.has(code)) return message.includes(code) ? message : `${message} (${code})`;
  return stack ?? String(err);
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
 * upgrades (Next's HMR) are proxied too. No matching route: 404. A request that fails on either
 * side (backend down or restarting, reset, timeout, browser gone) is answered 502 where it still
 * can be (`{errors:[{message:'Service unavailable: <name>'}]}` for /api paths, a plain page
 * otherwise) and logged in one line; a failed websocket is closed on both sides. No connection
 * can take the router down. Returns the server unstarted: call listen() on it.
 */
export const createRouter = ({
  routes,
  backends,
  log = (line) => process.stdout.write(`[router] ${line}\n`),
}: RouterOptions): http.Server => {
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

  const backendFor = (req: http.IncomingMessage): Backend | undefined => {
    const route = matchRoute(routes, req.headers.host, req.url ?? '/');
    return route && backends[route.service];
  };

  // Both sides of a request may fail, one after the other: answer and log once.
  const failed = new WeakSet<http.IncomingMessage>();
  // Websockets past the handshake: from then on the socket carries frames, not HTTP.
  const upgraded = new WeakSet<http.IncomingMessage>();
  const fail = (req: http.IncomingMessage, target: http.ServerResponse | net.Socket, cause: string) => {
    if (failed.has(req)) return;
    failed.add(req);
    const name = backendFor(req)?.name ?? 'no backend';
    const kind = target instanceof http.ServerResponse ? req.method : 'websocket';
    log(`${kind} ${req.url} -> ${name}: ${cause}`);
    if (target instanceof http.ServerResponse) {
      if (!target.headersSent && !target.destroyed) sendError(req, target, 502, `Service unavailable: ${name}`);
      else target.destroy();
    } else if (!upgraded.has(req) && target.writable) {
      target.end('HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\n\r\n');
    } else target.destroy();
  };

  // Every error on a proxied request or websocket, from either side, ends here: http-proxy-3
  // rethrows errors nobody listens to, and one reset websocket would take the process down.
  // (A websocket's browser side reports through its own listener first, below: what reaches this
  // one for a websocket comes from the backend side.)
  proxy.on('error', (err, req, target) =>
    target instanceof http.ServerResponse
      ? fail(req, target, describeError(err))
      : fail(req, target as net.Socket, `the backend's side failed: ${describeError(err)}`),
  );
  // The browser went away mid-request: http-proxy-3 has already dropped the backend request.
  proxy.on('econnreset', (_err, req, res) => fail(req, res, 'the browser closed the connection'));

  proxy.on('proxyRes', (proxyRes, req, res) => {
    // Connection is hop-by-hop: the backend closing its connection must not close the browser's.
    delete proxyRes.headers.connection;
    // A backend that dies mid-response: the browser's response is cut short, nothing more.
    proxyRes.on('error', (err) => fail(req, res, `the backend's answer broke off: ${describeError(err)}`));
  });

  // A websocket's two halves live and die together, however either one ends.
  proxy.on('proxyReqWs', (proxyReq, req, socket) => {
    proxyReq.on('upgrade', (_res, backendSocket: net.Socket) => {
      upgraded.add(req);
      socket.once('close', () => backendSocket.destroy());
      backendSocket.once('close', () => socket.destroy());
    });
  });

  const server = http.createServer((req, res) => {
    try {
      const backend = backendFor(req);
      if (!backend) return sendJson(res, 404, 'Not Found');
      setForwardedHeaders(req);
      proxy.web(req, res, { target: `http://127.0.0.1:${backend.port}` });
    } catch (err) {
      log(`${req.method} ${req.url}: ${describeError(err)}`);
      if (!res.headersSent) sendError(req, res, 500, 'Something went wrong');
      else res.destroy();
    }
  });

  server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    // A page that navigates away drops its websockets: the usual cause of these.
    socket.on('error', (err) => fail(req, socket, `the browser's side closed: ${describeError(err)}`));
    try {
      const backend = backendFor(req);
      if (!backend) return socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      setForwardedHeaders(req);
      proxy.ws(req, socket, head, { target: `ws://127.0.0.1:${backend.port}` });
    } catch (err) {
      fail(req, socket, describeError(err));
    }
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
