import { randomBytes } from 'crypto';
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import { poll } from '@ticketing/toolkit';
import { ExitInfo } from '../managed-process';
import { Stack, startStack } from '../stack';
import { fetchChannels } from '../events/channels';

// The whole app (client in `next dev`, which compiles pages on first request) on a 2-core
// machine: generous timeouts.
jest.setTimeout(180_000);

let stack: Stack;
let dataDir: string;
const lines: string[] = [];
const exits: ExitInfo[] = [];

const api = async (method: string, url: string, { body, cookie }: { body?: object; cookie?: string } = {}) => {
  const res = await fetch(`${stack.urls.app}${url}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) },
    body: body && JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    cookie: res.headers.get('set-cookie')?.split(';')[0],
    text,
    json: () => JSON.parse(text),
  };
};

const signup = async () => {
  const email = `local-${randomBytes(4).toString('hex')}@test.com`;
  const res = await api('POST', '/api/users/signup', { body: { email, password: 'password1' } });
  expect(res.status).toBe(201);
  expect(res.cookie).toMatch(/^session=/);
  return res.cookie as string;
};

const ticketCreatedCount = async () =>
  (await fetchChannels(stack.urls.natsMonitor)).find((channel) => channel.name === 'ticket:created')?.msgs ?? 0;

const eventually = (check: () => Promise<boolean>, what: string, timeoutMs = 60_000) =>
  poll(what, check, { timeoutMs, intervalMs: 250 }).catch((err: Error) => {
    throw new Error(`${err.message}\n${lines.slice(-20).join('\n')}`);
  });

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ticketing-local-stack-'));
  stack = await startStack({
    ports: 'free',
    dataDir,
    client: 'dev',
    jwtKey: randomBytes(16).toString('hex'),
    output: (name, line) => lines.push(`[${name}] ${line}`),
  });
  stack.on('exit', (info) => exits.push(info));
}, 300_000);

afterAll(async () => {
  await stack?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('serves the app through the router: sign up, sell a ticket, see it listed and server-rendered', async () => {
  const cookie = await signup();
  const title = `Concert ${randomBytes(3).toString('hex')}`;
  const created = await api('POST', '/api/tickets', { body: { title, price: 25 }, cookie });
  expect(created.status).toBe(201);

  const list = await api('GET', '/api/tickets');
  expect(list.json()).toEqual(expect.arrayContaining([expect.objectContaining({ title, price: 25 })]));

  // The landing page fetches the tickets server-side, through the router (API_URL).
  const page = await api('GET', '/', { cookie });
  expect(page.status).toBe(200);
  expect(page.text).toContain(title);

  await eventually(async () => (await ticketCreatedCount()) >= 1, 'ticket:created on the bus');
  expect(lines.some((line) => line.startsWith('[auth] '))).toBe(true);
  expect(lines.some((line) => line.startsWith('[tickets] '))).toBe(true);
});

it("carries Next's hot-reload WebSocket through the router", async () => {
  const socket = net.connect(stack.ports.router, '127.0.0.1');
  socket.write(
    `GET /_next/hmr?id=local-test HTTP/1.1\r\nHost: localhost:${stack.ports.router}\r\nUpgrade: websocket\r\n` +
      'Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
  );
  let received = '';
  socket.on('data', (data: Buffer) => (received += data.toString('latin1')));
  // The dev server greets a new hot-reload client with a first message.
  const greeted = async () => (received.split('\r\n\r\n')[1] ?? '').length > 0;
  await eventually(greeted, 'the hot-reload greeting', 20_000);
  socket.destroy();
  expect(received).toMatch(/^HTTP\/1\.1 101 Switching Protocols/);
});

it('answers 502 for a stopped service and serves it again once restarted', async () => {
  await stack.stopService('auth');
  const down = await api('GET', '/api/users/currentuser');
  expect(down.status).toBe(502);
  expect(down.json()).toEqual({ errors: [{ message: 'Service unavailable: auth' }] });
  expect((await api('GET', '/api/tickets')).status).toBe(200);

  await stack.startService('auth');
  await signup();
  expect(exits).toEqual([]);
});

it('names a process that dies and keeps the others running', async () => {
  process.kill(stack.pid('tickets') as number, 'SIGKILL');
  await eventually(async () => exits.some((exit) => exit.name === 'tickets'), 'the exit event');
  expect(exits).toEqual([{ name: 'tickets', code: null, signal: 'SIGKILL' }]);
  expect(lines).toContain('[dev] tickets was killed by SIGKILL');
  expect((await api('GET', '/api/tickets')).status).toBe(502);
  expect((await api('GET', '/api/users/currentuser')).status).toBe(200);

  await stack.startService('tickets');
  expect((await api('GET', '/api/tickets')).status).toBe(200);
  exits.length = 0;
});

it('restarts NATS on the same port and file store without losing events', async () => {
  const before = await ticketCreatedCount();
  await stack.stopNats();
  await stack.startNats();
  expect(await ticketCreatedCount()).toBe(before);

  const cookie = await signup();
  expect((await api('POST', '/api/tickets', { body: { title: 'After restart', price: 5 }, cookie })).status).toBe(201);
  // tickets reconnects by itself and publishes the new event.
  await eventually(async () => (await ticketCreatedCount()) === before + 1, 'the event after the NATS restart');
  expect(exits).toEqual([]);
});

/** The pid of the server process whose command line holds `fragment` (servers expose no pid). */
const serverPid = (fragment: string): number => {
  for (const pid of fs.readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      if (fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').includes(fragment)) return Number(pid);
    } catch {
      // exited meanwhile
    }
  }
  throw new Error(`No process with ${fragment}`);
};

it('names a database or NATS that dies, and starts them again', async () => {
  process.kill(serverPid(`--listen-addr=127.0.0.1:${stack.ports.ticketsMongo}`), 'SIGKILL');
  process.kill(serverPid(`-p ${stack.ports.nats} -m ${stack.ports.natsMonitor}`), 'SIGKILL');
  await eventually(async () => exits.length === 2, 'two exit events');
  expect(exits).toEqual(
    expect.arrayContaining([
      { name: 'tickets-mongo', code: null, signal: null },
      { name: 'nats', code: null, signal: 'SIGKILL' },
    ]),
  );
  expect(lines).toContain(`[dev] tickets-mongo stopped answering on port ${stack.ports.ticketsMongo}`);
  expect(lines.some((line) => line.startsWith('[dev] nats was killed by SIGKILL; the end of its log:'))).toBe(true);

  await Promise.all([stack.startMongo('tickets'), stack.startNats()]);
  const cookie = await signup();
  await eventually(
    async () =>
      (await api('POST', '/api/tickets', { body: { title: 'After a crash', price: 7 }, cookie })).status === 201,
    'tickets to work again',
  );
  exits.length = 0;
});

it("restarts a service's database on the same port and data", async () => {
  const before = (await api('GET', '/api/tickets')).json() as unknown[];
  await stack.stopMongo('tickets');
  await stack.startMongo('tickets');
  await eventually(async () => {
    const res = await api('GET', '/api/tickets');
    return res.status === 200 && (res.json() as unknown[]).length === before.length;
  }, 'tickets served from the restarted database');
});

it('stops everything, leaving no process behind', async () => {
  const pids = (['auth', 'tickets', 'client'] as const).map((name) => stack.pid(name) as number);
  await stack.stop();
  for (const pid of pids) expect(() => process.kill(-pid, 0)).toThrow();
  await expect(fetch(stack.urls.app)).rejects.toThrow();
  await expect(fetch(`${stack.urls.natsMonitor}/streaming/serverz`)).rejects.toThrow();
  expect(exits).toEqual([]);
});
