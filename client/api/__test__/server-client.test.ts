/**
 * @jest-environment node
 */
import { AxiosError } from 'axios';
import type { IncomingHttpHeaders } from 'http';
import createServerClient from '../server-client';
import isServiceUnavailable from '../is-service-unavailable';
import { closedPort, startStandInApi } from '../../test/stand-in-api';

let api: Awaited<ReturnType<typeof startStandInApi>>;
let received: { url?: string; headers: IncomingHttpHeaders }[];

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => ({ status, body, headers });
const answers: Record<
  string,
  { status: number; body: unknown; headers: Record<string, string> } | 'hang' | 'text' | 'split'
> = {
  '/api/tickets': json(200, [{ id: 't1' }], { link: '</api/tickets?before=t1>; rel="next"' }),
  '/api/tickets?before=bad': json(400, { errors: [{ message: 'Invalid cursor' }] }),
  '/api/tickets/missing': json(404, { errors: [{ message: 'Not Found' }] }),
  '/api/users/currentuser': json(503, { errors: [{ message: 'Not ready: mongo' }] }),
  '/prefix/api/tickets': json(200, []),
  '/hang': 'hang',
  '/split': 'split',
  '/bad-gateway': 'text',
};

beforeAll(async () => {
  api = await startStandInApi((req, res) => {
    received.push({ url: req.url, headers: req.headers });
    const answer = answers[req.url ?? ''];
    if (answer === 'hang') return;
    if (answer === 'split') {
      // Two packets, the first ending inside the ticket emoji's four bytes.
      const body = Buffer.from(JSON.stringify([{ title: 'Café 🎫' }]));
      const cut = body.indexOf(Buffer.from('🎫')) + 2;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(body.subarray(0, cut));
      setTimeout(() => res.end(body.subarray(cut)), 20);
      return;
    }
    if (answer === 'text') {
      res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>502 Bad Gateway</h1>');
      return;
    }
    res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', ...answer.headers });
    res.end(JSON.stringify(answer.body));
  });
});

afterAll(() => api.close());

beforeEach(() => {
  received = [];
});

const client = (options: { baseURL?: string; timeoutMs?: number } = {}) =>
  createServerClient({ baseURL: api.url, headers: { host: 'ticketing.dev' }, timeoutMs: 2000, ...options });

const rejection = async (promise: Promise<unknown>): Promise<AxiosError> => {
  const err = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(err instanceof AxiosError)) throw new Error(`expected an AxiosError, got ${String(err)}`);
  return err;
};

it('answers with the status, the parsed body and the headers, asking for JSON', async () => {
  const { status, data, headers } = await client().get('/api/tickets');

  expect(status).toBe(200);
  expect(data).toEqual([{ id: 't1' }]);
  expect(headers.link).toBe('</api/tickets?before=t1>; rel="next"');
  expect(received[0].headers.accept).toBe('application/json');
  expect(received[0].headers.host).toBe('ticketing.dev');
});

it('decodes the body as UTF-8 even when a packet ends inside a character', async () => {
  const { data } = await client().get('/split');

  expect(data).toEqual([{ title: 'Café 🎫' }]);
});

it('prefixes requests with the path of its base URL', async () => {
  await client({ baseURL: `${api.url}/prefix/` }).get('/api/tickets');

  expect(received.map(({ url }) => url)).toEqual(['/prefix/api/tickets']);
});

it('rejects an answer the API refuses like the browser client: with its status and body', async () => {
  const err = await rejection(client().get('/api/tickets?before=bad'));

  expect(err.response?.status).toBe(400);
  expect(err.response?.data).toEqual({ errors: [{ message: 'Invalid cursor' }] });
  expect(isServiceUnavailable(err)).toBe(false);
  expect((await rejection(client().get('/api/tickets/missing'))).response?.status).toBe(404);
});

it('counts an API that fails itself as unavailable, even with a page that is not JSON', async () => {
  const failed = await rejection(client().get('/api/users/currentuser'));
  expect(failed.response?.status).toBe(503);
  expect(isServiceUnavailable(failed)).toBe(true);

  const gateway = await rejection(client().get('/bad-gateway'));
  expect(gateway.response?.status).toBe(502);
  expect(gateway.response?.data).toBe('<h1>502 Bad Gateway</h1>');
  expect(isServiceUnavailable(gateway)).toBe(true);
});

it('counts an API that refuses the connection as unavailable', async () => {
  const err = await rejection(client({ baseURL: `http://127.0.0.1:${await closedPort()}` }).get('/api/tickets'));

  expect(err.code).toBe('ECONNREFUSED');
  expect(isServiceUnavailable(err)).toBe(true);
});

it('gives up on an API that does not answer, so a render cannot hang', async () => {
  const started = Date.now();

  const err = await rejection(client({ timeoutMs: 50 }).get('/hang'));

  expect(err.code).toBe(AxiosError.ECONNABORTED);
  expect(isServiceUnavailable(err)).toBe(true);
  expect(Date.now() - started).toBeLessThan(1000);
});

it('takes only an http: API URL', () => {
  expect(() => client({ baseURL: 'https://ticketing.dev' })).toThrow('API_URL must be an http: URL');
});
