/**
 * @jest-environment node
 */
import http, { type IncomingHttpHeaders, type IncomingMessage } from 'http';
import type { AddressInfo } from 'net';
import buildClient, { DEFAULT_API_URL } from '../build-client';

// A stand-in API on 127.0.0.1 that records the headers of each request it gets.
let server: http.Server;
let apiUrl: string;
let received: { url?: string; headers: IncomingHttpHeaders }[];

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
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

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
