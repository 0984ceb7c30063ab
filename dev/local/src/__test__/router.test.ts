import http from 'http';
import net from 'net';
import { AddressInfo } from 'net';
import { freePort } from '@ticketing/toolkit';
import { createRouter, ingressManifestPath, loadRouteTable, startRouter } from '../router';

interface Echo {
  backend: string;
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

// Upgraded sockets are outside the server's connection tracking: closed by hand in afterAll.
const upgraded = new Set<net.Socket>();

/** A stand-in service that answers with what it received; upgrades echo one message back. */
const startStub = (name: string): Promise<http.Server> =>
  new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const echo: Echo = { backend: name, method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
        res.writeHead(200, { 'Content-Type': 'application/json', 'Set-Cookie': `session=${name}; path=/` });
        res.end(JSON.stringify(echo));
      });
    });
    server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket) => {
      upgraded.add(socket);
      socket.write(
        'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
          `X-Backend: ${name}\r\nX-Seen-Url: ${req.url}\r\n\r\n`,
      );
      socket.on('data', (data: Buffer) => socket.write(`${name}:${data.toString()}`));
    });
    server.listen(0, '127.0.0.1', () => resolve(server));
  });

const portOf = (server: http.Server) => (server.address() as AddressInfo).port;

const request = (
  port: number,
  {
    path,
    method = 'GET',
    headers = {},
    body,
  }: { path: string; method?: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> =>
  new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let data = '';
      res.on('data', (chunk: Buffer) => (data += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data }));
    });
    req.on('error', reject);
    req.end(body);
  });

describe('the router', () => {
  const stubs: Record<string, http.Server> = {};
  let downPort: number;
  let router: Awaited<ReturnType<typeof startRouter>>;

  beforeAll(async () => {
    stubs.auth = await startStub('auth');
    stubs.client = await startStub('client');
    // Nothing listens here: tickets is "down".
    downPort = await freePort();
    router = await startRouter(
      {
        routes: loadRouteTable(ingressManifestPath),
        backends: {
          'auth-srv': { name: 'auth', port: portOf(stubs.auth) },
          'tickets-srv': { name: 'tickets', port: downPort },
          'client-srv': { name: 'client', port: portOf(stubs.client) },
        },
      },
      0,
    );
  });

  afterAll(async () => {
    await router.stop();
    upgraded.forEach((socket) => socket.destroy());
    await Promise.all(
      Object.values(stubs).map((server) => {
        const closed = new Promise((r) => server.close(r));
        server.closeAllConnections();
        return closed;
      }),
    );
  });

  it('proxies by the Ingress paths, keeping method, URL, Host, body and response headers', async () => {
    const res = await request(router.port, {
      path: '/api/users/signup?x=1',
      method: 'POST',
      headers: { Host: 'localhost:8080', 'Content-Type': 'application/json', Cookie: 'session=abc' },
      body: '{"email":"a@b.c"}',
    });
    expect(res.status).toBe(200);
    expect(res.headers['set-cookie']).toEqual(['session=auth; path=/']);
    // The browser's connection stays open although the router closes each backend connection.
    expect(res.headers.connection).toBe('keep-alive');
    const echo = JSON.parse(res.body) as Echo;
    expect(echo).toMatchObject({
      backend: 'auth',
      method: 'POST',
      url: '/api/users/signup?x=1',
      body: '{"email":"a@b.c"}',
    });
    expect(echo.headers).toMatchObject({ host: 'localhost:8080', cookie: 'session=abc' });

    const page = JSON.parse(
      (await request(router.port, { path: '/tickets/new', headers: { Host: 'ticketing.dev' } })).body,
    ) as Echo;
    expect(page).toMatchObject({ backend: 'client', url: '/tickets/new' });
  });

  it('sets X-Forwarded-For/Proto/Host/Port itself, replacing what the client sent', async () => {
    const res = await request(router.port, {
      path: '/api/users/currentuser',
      headers: { Host: 'localhost:8080', 'X-Forwarded-For': '6.6.6.6', 'X-Forwarded-Proto': 'https' },
    });
    const { headers } = JSON.parse(res.body) as Echo;
    expect(headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(headers['x-real-ip']).toBe('127.0.0.1');
    expect(headers['x-forwarded-proto']).toBe('http');
    expect(headers['x-forwarded-host']).toBe('localhost:8080');
    expect(headers['x-forwarded-port']).toBe(String(router.port));
  });

  it('answers 502 naming the service when its backend is down, and keeps serving the others', async () => {
    const res = await request(router.port, { path: '/api/tickets', headers: { Host: 'localhost' } });
    expect(res.status).toBe(502);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(JSON.parse(res.body)).toEqual({ errors: [{ message: 'Service unavailable: tickets' }] });

    expect(
      (await request(router.port, { path: '/api/users/currentuser', headers: { Host: 'localhost' } })).status,
    ).toBe(200);
  });

  it('answers 404 for a host the Ingress does not serve', async () => {
    const res = await request(router.port, { path: '/', headers: { Host: 'other.example' } });
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body)).toEqual({ errors: [{ message: 'Not Found' }] });
  });

  it('proxies WebSocket upgrades (Next HMR) to the routed backend', async () => {
    const socket = net.connect(router.port, '127.0.0.1');
    socket.write(
      'GET /_next/hmr?id=1 HTTP/1.1\r\nHost: localhost:8080\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    let received = '';
    await new Promise<void>((resolve, reject) => {
      socket.on('error', reject);
      socket.on('data', (data: Buffer) => {
        received += data.toString();
        if (received.includes('\r\n\r\n') && !received.includes('client:ping')) socket.write('ping');
        if (received.includes('client:ping')) resolve();
      });
    });
    socket.destroy();
    expect(received).toMatch(/^HTTP\/1\.1 101/);
    expect(received).toMatch(/X-Backend: client/i);
    expect(received).toMatch(/X-Seen-Url: \/_next\/hmr\?id=1/i);
  });

  it('refuses to start when the Ingress names a service with no local backend', () => {
    expect(() =>
      createRouter({
        routes: loadRouteTable(ingressManifestPath),
        backends: { 'auth-srv': { name: 'auth', port: 1 } },
      }),
    ).toThrow('services the local stack does not run: tickets-srv, client-srv');
  });
});
