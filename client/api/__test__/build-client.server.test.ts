/**
 * @jest-environment node
 */
import http, { type IncomingHttpHeaders, type IncomingMessage } from 'http';
import net, { type AddressInfo } from 'net';
import buildClient, { DEFAULT_API_URL, KEEP_ALIVE_PROBE_MS } from '../build-client';

// A stand-in API on 127.0.0.1 that records the headers of each request it gets.
let server: http.Server;
let apiUrl: string;
let received: { url?: string; headers: IncomingHttpHeaders }[];
let connections = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    received.push({ url: req.url, headers: req.headers });
    if (req.url === '/moved') {
      res.writeHead(302, { Location: '/api/users/currentuser' }).end();
      return;
    }
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ currentUser: null }));
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      // The client's pooled keep-alive connection would otherwise hold close() open.
      server.closeAllConnections();
    }),
);

beforeEach(() => {
  received = [];
  process.env.API_URL = apiUrl;
});

afterEach(() => {
  delete process.env.API_URL;
});

const incoming = (headers: IncomingHttpHeaders) => ({ req: { headers } as IncomingMessage });

it('sends requests to API_URL, forwarding the visitor cookie and host', async () => {
  const client = buildClient(incoming({ cookie: 'session=abc', host: 'ticketing.dev', 'content-length': '42' }));

  const { data } = await client.get('/api/users/currentuser');

  expect(data).toEqual({ currentUser: null });
  expect(received).toHaveLength(1);
  expect(received[0].url).toBe('/api/users/currentuser');
  expect(received[0].headers.cookie).toBe('session=abc');
  expect(received[0].headers.host).toBe('ticketing.dev');
  // Headers about the visitor's own request body are not ours to repeat.
  expect(received[0].headers['content-length']).toBeUndefined();
});

it('sends no cookie when the visitor has none', async () => {
  const client = buildClient(incoming({ host: 'ticketing.dev' }));

  await client.get('/api/users/currentuser');

  expect(received[0].headers.cookie).toBeUndefined();
});

it('defaults to the ingress controller inside the cluster when API_URL is unset', () => {
  delete process.env.API_URL;

  const client = buildClient(incoming({}));

  expect(client.defaults.baseURL).toBe(DEFAULT_API_URL);
  expect(DEFAULT_API_URL).toBe('http://ingress-nginx-controller.ingress-nginx.svc.cluster.local');
});

it('gives up on an API that does not answer, so a server render cannot hang', () => {
  expect(buildClient(incoming({})).defaults.timeout).toBeGreaterThan(0);
});

it('does not follow redirects: the API never sends one, and following costs every request', async () => {
  const client = buildClient(incoming({}));

  await expect(client.get('/moved')).rejects.toMatchObject({ response: { status: 302 } });
  expect(received.map(({ url }) => url)).toEqual(['/moved']);
});

it('calls API_URL directly even when the environment names a proxy', async () => {
  // A port nothing listens on: a request sent to this "proxy" would fail.
  const closed = net.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const proxyPort = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  process.env.HTTP_PROXY = `http://127.0.0.1:${proxyPort}`;
  try {
    await buildClient(incoming({})).get('/api/users/currentuser');
  } finally {
    delete process.env.HTTP_PROXY;
  }

  expect(received.map(({ url }) => url)).toEqual(['/api/users/currentuser']);
});

it('keeps one connection alive across renders, and never resets its keep-alive probes', async () => {
  const setKeepAlive = jest.spyOn(net.Socket.prototype, 'setKeepAlive');
  const before = connections;

  // Three renders one after another, each with the client built for its own request.
  for (let render = 0; render < 3; render += 1) {
    await buildClient(incoming({ host: 'ticketing.dev' })).get('/api/users/currentuser');
  }

  // At most one: a connection an earlier test left in the pool is reused too.
  expect(connections - before).toBeLessThanOrEqual(1);
  // axios asks for probes after 60 s on every request: when the pool's agent asks for anything
  // else on release, each request changes the socket's option back and forth (setsockopt calls).
  expect(setKeepAlive).toHaveBeenCalled();
  expect(setKeepAlive.mock.calls.map(([, delay]) => delay)).toEqual(
    setKeepAlive.mock.calls.map(() => KEEP_ALIVE_PROBE_MS),
  );
  setKeepAlive.mockRestore();
});
