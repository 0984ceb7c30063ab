import path from 'path';
import mongoose from 'mongoose';
import {
  freePort,
  killServices,
  startNatsServer,
  spawnService,
  testDatabaseUri,
  testNats,
  uniqueId,
} from '@ticketing/toolkit';
import { eventStream, JetStreamSupervisor, NatsWrapper } from '@ticketing/common';
import { connectNats, TicketEventRecorder } from '../test/events';
import { signin } from '../test/signin';
import { waitUntil } from '../test/tickets';

jest.setTimeout(60_000);

const required = ['JWT_KEY', 'MONGO_URI', 'NATS_URL', 'NATS_CLUSTER_ID', 'NATS_CLIENT_ID'];
const databases: string[] = [];

const startIndex = (env: Record<string, string>) =>
  spawnService({ dir: path.resolve(__dirname, '..', '..'), env, unset: [...required, 'LOG_LEVEL', 'EVENT_TRANSPORT'] });

const fullEnv = () => {
  const uri = testDatabaseUri();
  databases.push(uri.slice(uri.lastIndexOf('/') + 1));
  const { url, clusterId } = testNats();
  // The key signin() signs with.
  return {
    JWT_KEY: process.env.JWT_KEY!,
    MONGO_URI: uri,
    NATS_URL: url,
    NATS_CLUSTER_ID: clusterId,
    NATS_CLIENT_ID: uniqueId('tickets'),
  };
};

const startServing = async (env: Record<string, string> = {}) => {
  const port = await freePort();
  const started = startIndex({ ...fullEnv(), PORT: String(port), ...env });
  await started.waitForOutput('tickets listening');
  return { ...started, url: `http://127.0.0.1:${port}` };
};

/** POST /api/tickets on a running service, as a new signed-in user. */
const postTicket = (url: string, title: string) =>
  fetch(`${url}/api/tickets`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: signin().join('; ') },
    body: JSON.stringify({ title, price: 12 }),
  });

// afterEach, not afterAll: the setup file's afterAll disconnects first.
afterEach(async () => {
  // A failed test may leave its service running.
  await killServices();
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

  it('exits 1 naming the transports it knows when EVENT_TRANSPORT names another', async () => {
    const started = startIndex({ ...fullEnv(), EVENT_TRANSPORT: 'kafka' });
    expect(await started.exited).toBe(1);
    expect(started.output()).toContain('EVENT_TRANSPORT must be stan or jetstream, not \\"kafka\\"');
  });

  it('exits 1 in production with a JWT_KEY shorter than 32 bytes, saying how to make one', async () => {
    const started = startIndex({ ...fullEnv(), NODE_ENV: 'production', JWT_KEY: 'short' });
    expect(await started.exited).toBe(1);
    expect(started.output()).toContain('JWT_KEY is 5 bytes');
    expect(started.output()).toContain('openssl rand -base64 32');
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

    const created = await postTicket(server.url, 'from index');
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

  it('on JetStream needs no NATS_CLUSTER_ID, and publishes its events into the stream', async () => {
    const server = await startNatsServer();
    try {
      const { NATS_CLUSTER_ID: _unused, ...env } = fullEnv();
      const port = await freePort();
      const started = startIndex({ ...env, EVENT_TRANSPORT: 'jetstream', NATS_URL: server.url, PORT: String(port) });
      await started.waitForOutput('tickets listening');
      const url = `http://127.0.0.1:${port}`;
      expect((await postTicket(url, 'on jetstream')).status).toBe(201);

      // Read through a connection of our own (common's NATS client: this workspace's `nats` is 1.x).
      const reader = new JetStreamSupervisor();
      reader.start({ clusterId: '', clientId: uniqueId('tickets-test'), url: server.url });
      await waitUntil(() => reader.isConnected, 10_000, 'a connection to nats-server');
      const jsm = await reader.client.jetstreamManager();
      await waitUntil(
        async () => (await jsm.streams.info(eventStream.name)).state.messages === 1,
        10_000,
        'the event in the stream',
      );
      const { state } = await jsm.streams.info(eventStream.name, { subjects_filter: '>' });
      expect(state.subjects).toEqual({ 'ticket:created': 1 });
      await reader.stop();
      started.child.kill('SIGTERM');
      expect(await started.exited).toBe(0);
    } finally {
      await server.stop();
    }
  });

  it('serves HTTP and is ready while the broker is unreachable, and still exits 0', async () => {
    const server = await startServing({ NATS_URL: `nats://127.0.0.1:${await freePort()}` });
    const created = await postTicket(server.url, 'queued');
    expect(created.status).toBe(201);
    const readyz = await fetch(`${server.url}/api/tickets/readyz`);
    expect(readyz.status).toBe(200);
    expect(await readyz.json()).toMatchObject({ broker: { connected: false }, outbox: { pending: 1 } });
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });
});
