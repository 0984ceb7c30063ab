import fs from 'fs';
import os from 'os';
import path from 'path';
import { randomBytes } from 'crypto';
import { freePort, NatsServer, startNatsServer } from '@ticketing/toolkit';
import { Subjects } from '../../events/subjects';
import { uniqueId } from '@ticketing/toolkit';
import { TestListener, TestPublisher, waitUntil } from '../../test/nats';
import { JetStreamListening } from '../base-listener';
import { eventSupervisor } from '../event-supervisor';
import { JetStreamSupervisor } from '../jetstream-supervisor';
import { NatsSupervisor } from '../nats-supervisor';

jest.setTimeout(60_000);

let storeDir: string;
let port: number;
let server: NatsServer | undefined;
let supervisor: JetStreamSupervisor;
let connects: number;

const startServer = async () => {
  server = await startNatsServer({ storeDir, port });
};

beforeEach(async () => {
  storeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'common-jetstream-supervisor-'));
  port = await freePort();
  supervisor = new JetStreamSupervisor();
  connects = 0;
});

afterEach(async () => {
  await supervisor.stop();
  await server?.stop();
  fs.rmSync(storeDir, { recursive: true, force: true });
});

const start = () =>
  supervisor.start(
    { clusterId: 'unused', clientId: uniqueId('supervised'), url: `nats://127.0.0.1:${port}` },
    { onConnect: () => (connects += 1) },
  );

/** A ticket event goes out through the events' stream the supervisor set up, and comes back. */
const expectRoundTrip = async () => {
  const listener = new TestListener(supervisor.client, Subjects.TicketCreated, uniqueId('group'));
  const listening = listener.listen() as JetStreamListening;
  await listening.ready;
  const id = randomBytes(4).toString('hex');
  await new TestPublisher(supervisor.client, Subjects.TicketCreated).publish({ n: 1, key: id });
  await waitUntil(() => listener.received.some((m) => m.data.key === id), 10_000, 'the round trip');
  await listening.close();
};

it('connects in the background, retrying until the server comes up, and creates the events stream', async () => {
  start();
  await new Promise((resolve) => setTimeout(resolve, 700));
  expect(supervisor.isConnected).toBe(false);
  expect(connects).toBe(0);

  await startServer();
  await waitUntil(() => supervisor.isConnected, 15_000, 'the connection');
  expect(connects).toBe(1);
  const jsm = await supervisor.client.jetstreamManager();
  expect((await jsm.streams.info('TICKETING')).config.subjects).toEqual(Object.values(Subjects));
  await expectRoundTrip();
});

it('follows an outage: not connected while the server is down, then the same connection carries on', async () => {
  await startServer();
  start();
  await waitUntil(() => supervisor.isConnected, 15_000, 'the connection');
  const client = supervisor.client;

  await server!.stop();
  await waitUntil(() => !supervisor.isConnected, 15_000, 'the disconnect to be noticed');
  await startServer();
  await waitUntil(() => supervisor.isConnected, 15_000, 'the reconnection');
  expect(connects).toBe(2);
  expect(supervisor.client).toBe(client);
  await expectRoundTrip();
});

it('stops: closes the connection', async () => {
  await startServer();
  start();
  await waitUntil(() => supervisor.isConnected, 15_000, 'the connection');
  const client = supervisor.client;
  await supervisor.stop();
  expect(supervisor.isConnected).toBe(false);
  expect(client.isClosed()).toBe(true);
  expect(() => supervisor.client).toThrow('Cannot access NATS client before connecting');
});

it('stops its listeners with the connection, so none keeps pulling on it (and the process can exit)', async () => {
  await startServer();
  start();
  await waitUntil(() => supervisor.isConnected, 15_000, 'the connection');
  const listening = new TestListener(supervisor.client, Subjects.TicketCreated, uniqueId('group')).listen();
  await (listening as JetStreamListening).ready;
  let stopped = false;
  void (listening as JetStreamListening).closed.then(() => (stopped = true));
  await supervisor.stop();
  await waitUntil(() => stopped, 10_000, 'the listener to stop');
});

describe('eventSupervisor', () => {
  it('follows EVENT_TRANSPORT: NATS Streaming by default, JetStream when asked, and refuses anything else', () => {
    expect(eventSupervisor('')).toBeInstanceOf(NatsSupervisor);
    expect(eventSupervisor('stan')).toBeInstanceOf(NatsSupervisor);
    expect(eventSupervisor('jetstream')).toBeInstanceOf(JetStreamSupervisor);
    expect(() => eventSupervisor('kafka')).toThrow('EVENT_TRANSPORT must be stan or jetstream, not "kafka"');
  });
});
