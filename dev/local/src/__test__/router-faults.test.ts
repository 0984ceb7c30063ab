import { ChildProcess, spawn } from 'child_process';
import http from 'http';
import net from 'net';
import { AddressInfo } from 'net';
import { poll } from '@ticketing/toolkit';
import { ingressManifestPath, loadRouteTable, startRouter } from '../router';
import { setTimeout as sleep } from 'timers/promises';

// One bad connection must never take the router down (issue 17): every fault below is followed
// by a check that the router still serves, and that it said what happened in one line.

const portOf = (server: http.Server | net.Server) => (server.address() as AddressInfo).port;
const closed = (socket: net.Socket) =>
  new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));
/** The router has closed its end of this backend socket (the stub keeps its own half open). */
const ended = (socket: net.Socket) =>
  new Promise<void>((resolve) => {
    if (socket.readableEnded || socket.destroyed) resolve();
    socket.once('end', () => resolve());
    socket.once('close', () => resolve());
  });

/** Backend-side sockets of websockets, by the URL the browser asked for. */
const backendSockets = new Map<string, net.Socket>();

/** A backend that misbehaves on request: /api/users/cut drops its connection mid-response. */
const startBackend = (): Promise<http.Server> =>
  new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      if (req.url === '/api/users/cut') {
        res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': '1000' });
        res.write('the first part of a long answer');
        setTimeout(() => req.socket.resetAndDestroy(), 50);
        return;
      }
      req.resume();
      req.on('end', () => res.end(JSON.stringify({ url: req.url })));
    });
    server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket) => {
      backendSockets.set(req.url ?? '', socket);
      socket.on('error', () => undefined);
      socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
      socket.on('data', (data: Buffer) => socket.write(data));
    });
    server.listen(0, '127.0.0.1', () => resolve(server));
  });

/** A backend in its own process, which never answers: to be killed mid-request. */
const startHangingBackend = (): Promise<{ child: ChildProcess; port: number }> =>
  new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '-e',
        "const s = require('http').createServer(() => {}); s.listen(0, '127.0.0.1', () => console.log(s.address().port));",
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    child.once('error', reject);
    child.stdout!.once('data', (data: Buffer) => resolve({ child, port: Number(data.toString().trim()) }));
  });

const get = (port: number, path: string): Promise<{ status: number; type?: string; body: string }> =>
  new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, headers: { Host: 'localhost' } }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body }));
        res.on('error', reject);
      })
      .on('error', reject);
  });

/** Opens a websocket through the router; resolves once the handshake is through, with the socket. */
const openWebsocket = (port: number, path: string): Promise<net.Socket> =>
  new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.write(
      `GET ${path} HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    socket.once('data', (data: Buffer) =>
      data.toString().startsWith('HTTP/1.1 101') ? resolve(socket) : reject(new Error(data.toString())),
    );
  });

const eventually = (check: () => boolean, what: string) =>
  poll(what, async () => check(), { timeoutMs: 5_000, intervalMs: 20 });

describe('the router under faults', () => {
  let backend: http.Server;
  let hanging: { child: ChildProcess; port: number };
  let router: Awaited<ReturnType<typeof startRouter>>;
  const lines: string[] = [];

  const stillServes = async () => {
    expect(await get(router.port, '/api/users/currentuser')).toMatchObject({ status: 200 });
    expect(await get(router.port, '/some/page')).toMatchObject({ status: 200 });
  };

  beforeAll(async () => {
    [backend, hanging] = await Promise.all([startBackend(), startHangingBackend()]);
    router = await startRouter(
      {
        routes: loadRouteTable(ingressManifestPath),
        backends: {
          'auth-srv': { name: 'auth', port: portOf(backend) },
          'tickets-srv': { name: 'tickets', port: hanging.port },
          'client-srv': { name: 'client', port: portOf(backend) },
        },
        log: (line) => lines.push(line),
      },
      0,
    );
  });

  beforeEach(() => {
    lines.length = 0;
  });

  afterAll(async () => {
    hanging.child.kill('SIGKILL');
    await router.stop();
    backendSockets.forEach((socket) => socket.destroy());
    backend.closeAllConnections();
    await new Promise((r) => backend.close(r));
  });

  it('closes the backend side when the browser resets a websocket, and keeps serving', async () => {
    const socket = await openWebsocket(router.port, '/_next/hmr?reset=browser');
    const backendSide = backendSockets.get('/_next/hmr?reset=browser') as net.Socket;
    socket.resetAndDestroy();
    await ended(backendSide);
    await eventually(() => lines.length === 1, 'the log line');
    expect(lines[0]).toMatch(
      /^websocket \/_next\/hmr\?reset=browser -> client: the browser's side closed: .*ECONNRESET/,
    );
    expect(lines[0]).not.toMatch(/\n\s+at /);
    await stillServes();
  });

  it('closes the browser side when the backend resets a websocket, and keeps serving', async () => {
    const socket = await openWebsocket(router.port, '/_next/hmr?reset=backend');
    const browserClosed = closed(socket);
    (backendSockets.get('/_next/hmr?reset=backend') as net.Socket).resetAndDestroy();
    await browserClosed;
    await eventually(() => lines.length === 1, 'the log line');
    expect(lines[0]).toMatch(
      /^websocket \/_next\/hmr\?reset=backend -> client: the backend's side failed: .*ECONNRESET/,
    );
    await stillServes();
  });

  it('closes both sides when either ends a websocket cleanly', async () => {
    const socket = await openWebsocket(router.port, '/_next/hmr?end=browser');
    socket.end();
    await ended(backendSockets.get('/_next/hmr?end=browser') as net.Socket);

    const other = await openWebsocket(router.port, '/_next/hmr?end=backend');
    const browserClosed = closed(other);
    (backendSockets.get('/_next/hmr?end=backend') as net.Socket).end();
    await browserClosed;
    await stillServes();
  });

  it('survives a browser that aborts a request mid-body', async () => {
    const socket = net.connect(router.port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.write(
      'POST /api/users/signup HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
        'Content-Length: 10000\r\n\r\n{"email":"a@b',
    );
    await sleep(100);
    socket.resetAndDestroy();
    await eventually(() => lines.length === 1, 'the log line');
    expect(lines[0]).toMatch(/^POST \/api\/users\/signup -> auth: /);
    await stillServes();
  });

  it('answers what it can when a backend drops its connection mid-response', async () => {
    // The status line went out already: the response is cut short, as the backend's was.
    await expect(get(router.port, '/api/users/cut')).rejects.toThrow();
    await eventually(() => lines.length === 1, 'the log line');
    expect(lines[0]).toMatch(/^GET \/api\/users\/cut -> auth: .*(ECONNRESET|aborted)/);
    await stillServes();
  });

  it('answers 502 when a backend is killed during a request, a page for pages and JSON for the API', async () => {
    const pending = get(router.port, '/api/tickets/slow');
    await sleep(200);
    hanging.child.kill('SIGKILL');
    const res = await pending;
    expect(res.status).toBe(502);
    expect(JSON.parse(res.body)).toEqual({ errors: [{ message: 'Service unavailable: tickets' }] });
    expect(lines[0]).toMatch(/^GET \/api\/tickets\/slow -> tickets: .*ECONNRESET/);

    // Down for good now: API calls get JSON, a websocket gets a 502 and is closed.
    expect((await get(router.port, '/api/tickets')).status).toBe(502);
    await stillServes();
  });

  it('answers a page, not JSON, for a page whose backend is down', async () => {
    const down = await startRouter(
      {
        routes: loadRouteTable(ingressManifestPath),
        backends: {
          'auth-srv': { name: 'auth', port: hanging.port },
          'tickets-srv': { name: 'tickets', port: hanging.port },
          'client-srv': { name: 'client', port: hanging.port },
        },
        log: (line) => lines.push(line),
      },
      0,
    );
    try {
      const page = await get(down.port, '/tickets/new');
      expect(page.status).toBe(502);
      expect(page.type).toMatch(/^text\/html/);
      expect(page.body).toContain('Service unavailable: client');
      expect(lines).toEqual([expect.stringMatching(/^GET \/tickets\/new -> client: .*ECONNREFUSED/)]);

      const ws = net.connect(down.port, '127.0.0.1');
      let answer = '';
      ws.on('data', (data: Buffer) => (answer += data.toString()));
      ws.write(
        'GET /_next/hmr HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      );
      await closed(ws);
      expect(answer).toMatch(/^HTTP\/1\.1 502 Bad Gateway/);
    } finally {
      await down.stop();
    }
  });
});
