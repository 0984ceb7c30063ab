/**
 * @jest-environment node
 */
import http, { type IncomingHttpHeaders, type IncomingMessage } from 'http';
import buildClient, { DEFAULT_API_URL, SERVER_TIMEOUT_MS } from '../build-client';
import { closedPort, startStandInApi } from '../../test/stand-in-api';

// Records the URL and headers of each request it gets.
let api: Awaited<ReturnType<typeof startStandInApi>>;
let received: { url?: string; headers: IncomingHttpHeaders }[];

beforeAll(async () => {
  api = await startStandInApi((req, res) => {
    received.push({ url: req.url, headers: req.headers });
    if (req.url === '/moved') {
      res.writeHead(302, { Location: '/api/users/currentuser' }).end();
      return;
    }
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ currentUser: null }));
  });
});

afterAll(() => api.close());

beforeEach(() => {
  received = [];
  process.env.API_URL = api.url;
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

it('asks the ingress controller inside the cluster when API_URL is unset, and gives up on a hung API', async () => {
  delete process.env.API_URL;
  // Stops the request where it would leave, to read what it was about to ask.
  const get = jest.spyOn(http, 'get').mockImplementation(() => {
    throw new Error('not sent');
  });
  let asked: unknown;
  try {
    await expect(buildClient(incoming({})).get('/api/users/currentuser')).rejects.toThrow('not sent');
    asked = get.mock.calls[0][0];
  } finally {
    get.mockRestore();
  }

  expect(asked).toMatchObject({
    hostname: new URL(DEFAULT_API_URL).hostname,
    path: '/api/users/currentuser',
    timeout: SERVER_TIMEOUT_MS,
  });
  expect(DEFAULT_API_URL).toBe('http://ingress-nginx-controller.ingress-nginx.svc.cluster.local');
  expect(SERVER_TIMEOUT_MS).toBeGreaterThan(0);
});

it('does not follow redirects: the API never sends one', async () => {
  const client = buildClient(incoming({}));

  await expect(client.get('/moved')).rejects.toMatchObject({ response: { status: 302 } });
  expect(received.map(({ url }) => url)).toEqual(['/moved']);
});

it('calls API_URL directly even when the environment names a proxy', async () => {
  // A request sent to this "proxy" would be refused.
  process.env.HTTP_PROXY = `http://127.0.0.1:${await closedPort()}`;
  try {
    await buildClient(incoming({})).get('/api/users/currentuser');
  } finally {
    delete process.env.HTTP_PROXY;
  }

  expect(received.map(({ url }) => url)).toEqual(['/api/users/currentuser']);
});

it('keeps one connection alive across renders', async () => {
  const before = api.connections();

  // Three renders one after another, each with the client built for its own request.
  for (let render = 0; render < 3; render += 1) {
    await buildClient(incoming({ host: 'ticketing.dev' })).get('/api/users/currentuser');
  }

  // At most one: a connection an earlier test left in the pool is reused too.
  expect(api.connections() - before).toBeLessThanOrEqual(1);
});
