import { ChildProcess, spawn } from 'child_process';
import path from 'path';
import mongoose from 'mongoose';
import { freePort, testDatabaseUri, testNats } from '@ticketing/servers';
import { NatsWrapper } from '@ticketing/common';
import { connectNats, TicketEventRecorder, uniqueId } from '../test/events';
import { signin } from '../test/signin';
import { waitUntil } from '../test/tickets';

jest.setTimeout(60_000);

/** src/index.ts run as in production, but through tsx so no build is needed. */
interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

const ticketsDir = path.resolve(__dirname, '..', '..');
const required = ['JWT_KEY', 'MONGO_URI', 'NATS_URL', 'NATS_CLUSTER_ID', 'NATS_CLIENT_ID'];
const databases: string[] = [];
const children: ChildProcess[] = [];

const startIndex = (env: Record<string, string>): Started => {
  const baseEnv = { ...process.env };
  for (const name of [...required, 'LOG_LEVEL']) delete baseEnv[name];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: ticketsDir,
    env: { ...baseEnv, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
};

const fullEnv = () => {
  const uri = testDatabaseUri();
  databases.push(uri.slice(uri.lastIndexOf('/') + 1));
  const { url, clusterId } = testNats();
  // The key signin() signs with.
  return { JWT_KEY: process.env.JWT_KEY!, MONGO_URI: uri, NATS_URL: url, NATS_CLUSTER_ID: clusterId, NATS_CLIENT_ID: uniqueId('tickets') };
};

const startServing = async () => {
  const port = await freePort();
  const env = { ...fullEnv(), PORT: String(port) };
  const started = startIndex(env);
  const early = started.exited.then((code) => {
    throw new Error(`index.ts exited with ${code} before listening:\n${started.output()}`);
  });
  // The log line rather than an open port: under parallel test load another process may take the port freePort() gave out.
  const listening = waitUntil(() => started.output().includes('tickets listening'), 20_000, 'tickets listening');
  await Promise.race([listening, early]);
  early.catch(() => {});
  return { ...started, env, url: `http://127.0.0.1:${port}` };
};

// afterEach, not afterAll: the setup file's afterAll disconnects first.
afterEach(async () => {
  // A failed test may leave its service running.
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  for (const name of databases.splice(0)) {
    await mongoose.connection.getClient().db(name).dropDatabase();
  }
});

describe('start-up checks', () => {
  it('exits 1 naming every missing variable', async () => {
    const started = startIndex({});
    expect(await started.exited).toBe(1);
    expect(started.output()).toContain(`Missing required environment variables: ${required.join(', ')}`);
  });

  // The variables auth does not need: the ones most likely forgotten in a deployment.
  it.each(['NATS_URL', 'NATS_CLIENT_ID'])('exits 1 naming %s when only it is missing', async (missing) => {
    const env: Record<string, string> = fullEnv();
    delete env[missing];
    const started = startIndex(env);
    expect(await started.exited).toBe(1);
    expect(started.output()).toContain(`Missing required environment variable: ${missing}`);
  });
});

describe('a running service', () => {
  let listener: NatsWrapper | undefined;

  afterEach(async () => {
    await listener?.close();
    listener = undefined;
  });

  it('serves, publishes through its relay, is ready with mongo and nats, and exits 0 on SIGTERM', async () => {
    const server = await startServing();
    listener = await connectNats();
    const recorder = new TicketEventRecorder(listener.client);

    const created = await fetch(`${server.url}/api/tickets`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: signin().join('; ') },
      body: JSON.stringify({ title: 'from index', price: 12 }),
    });
    expect(created.status).toBe(201);
    const ticket = (await created.json()) as { id: string };
    await recorder.waitForCount(ticket.id, 1);

    await waitUntil(async () => (await fetch(`${server.url}/api/tickets/readyz`)).status === 200, 10_000, 'readiness');

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('tickets shutting down');
  });

  it('exits 0 on SIGINT', async () => {
    const server = await startServing();
    server.child.kill('SIGINT');
    const code = await server.exited;
    expect({ code, signal: server.child.signalCode, output: server.output() }).toEqual({
      code: 0,
      signal: null,
      output: expect.stringContaining('tickets shutting down'),
    });
  });

  it('serves HTTP while the broker is unreachable, and still exits 0', async () => {
    const port = await freePort();
    const deadBroker = `nats://127.0.0.1:${await freePort()}`;
    const started = startIndex({ ...fullEnv(), NATS_URL: deadBroker, PORT: String(port) });
    await waitUntil(() => started.output().includes('tickets listening'), 20_000, 'tickets listening');
    const created = await fetch(`http://127.0.0.1:${port}/api/tickets`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: signin().join('; ') },
      body: JSON.stringify({ title: 'queued', price: 12 }),
    });
    expect(created.status).toBe(201);
    expect((await fetch(`http://127.0.0.1:${port}/api/tickets/readyz`)).status).toBe(503);
    started.child.kill('SIGTERM');
    expect(await started.exited).toBe(0);
  });
});
