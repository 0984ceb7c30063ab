import type { AxiosInstance } from 'axios';
import type { IncomingMessage } from 'http';
import buildClient from '../build-client';

it('talks to the page origin in the browser and lets the browser send its own cookies', () => {
  process.env.API_URL = 'http://127.0.0.1:9';
  const req = { headers: { cookie: 'session=abc', host: 'ticketing.dev' } } as unknown as IncomingMessage;

  // The browser's side is axios, as the forms' requests are.
  const client = buildClient({ req }) as AxiosInstance;

  expect(client.defaults.baseURL).toBe('/');
  expect(client.defaults.headers).not.toHaveProperty('cookie');
  expect(client.defaults.headers).not.toHaveProperty('host');
  delete process.env.API_URL;
});
