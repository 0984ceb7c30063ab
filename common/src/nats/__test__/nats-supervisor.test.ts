import fs from 'fs';
import os from 'os';
import path from 'path';
import { freePort, NatsStreaming, startNatsStreaming, uniqueId } from '@ticketing/toolkit';
import { StanOptions } from 'node-nats-streaming';
import { TestListener, TestPublisher, testSubject } from '../../test/nats';
import { NatsSupervisor } from '../nats-supervisor';
import { NatsWrapper } from '../nats-wrapper';

jest.setTimeout(60_000);

const waitUntil = async (condition: () => boolean, message: string, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

/** A broker private to one test, which the test stops and restarts on the same port and store. */
class Broker {
  private readonly storeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'common-nats-supervisor-'));
  server?: NatsStreaming;

  constructor(
    readonly port: number,
    readonly monitorPort: number,
  ) {}

  static async create() {
    return new Broker(await freePort(), await freePort());
  }

  get url() {
    return `nats://127.0.0.1:${this.port}`;
  }

  async start() {
    this.server = await startNatsStreaming({ storeDir: this.storeDir, port: this.port, monitorPort: this.monitorPort });
  }

  async stop() {
    await this.server?.stop();
  }

  async remove() {
    await this.stop();
    fs.rmSync(this.storeDir, { recursive: true, force: true });
  }
}

let broker: Broker;
let wrapper: NatsWrapper;
let connection: NatsSupervisor;
let connects: number;

const start = (options: StanOptions = {}) =>
  connection.start(
    { clusterId: 'ticketing', clientId: uniqueId('supervised'), url: broker.url },
    { onConnect: () => (connects += 1), options },
  );

/** Starts the broker and the supervised connection; resolves with the connected client. */
const startConnected = async (options: StanOptions = {}) => {
  await broker.start();
  start(options);
  await waitUntil(() => connection.isConnected, 'the connection');
  return wrapper.client;
};

/** Proves the current connection works end to end: a message goes out and comes back. */
const expectRoundTrip = async () => {
  const subject = testSubject();
  const listener = new TestListener(wrapper.client, subject, uniqueId('group'));
  listener.listen();
  await new TestPublisher(wrapper.client, subject).publish({ n: 1 });
  await listener.waitFor(1);
};

beforeEach(async () => {
  broker = await Broker.create();
  wrapper = new NatsWrapper();
  connection = new NatsSupervisor(wrapper);
  connects = 0;
});

afterEach(async () => {
  await connection.stop();
  await broker.remove();
});

it('connects in the background, retrying until the broker comes up', async () => {
  start();
  await new Promise((resolve) => setTimeout(resolve, 700));
  expect(connection.isConnected).toBe(false);
  expect(connects).toBe(0);

  await broker.start();
  await waitUntil(() => connection.isConnected, 'the connection');
  expect(connects).toBe(1);
  await expectRoundTrip();
});

it('follows a short outage: not connected while the broker is down, then the same session carries on', async () => {
  const client = await startConnected();

  await broker.stop();
  await waitUntil(() => !connection.isConnected, 'the disconnect to be noticed');
  // Publishes fail after the 5 s ackTimeout, not the client's default 30 s, so callers can retry.
  const publishing = Date.now();
  await expect(new TestPublisher(wrapper.client, testSubject()).publish({ n: 1 })).rejects.toThrow();
  expect(Date.now() - publishing).toBeLessThan(8000);

  await broker.start();
  await waitUntil(() => connection.isConnected, 'the connection');
  expect(connects).toBe(2);
  expect(wrapper.client).toBe(client);
  await expectRoundTrip();
});

it('makes a new connection when the session is lost during a long outage', async () => {
  const client = await startConnected({ stanPingInterval: 500, stanMaxPingOut: 2 });
  const closed = new Promise((resolve) => client.once('close', resolve));

  await broker.stop();
  // The pings fail: the client closes this session for good.
  await closed;
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect(connection.isConnected).toBe(false);

  await broker.start();
  await waitUntil(() => connection.isConnected, 'the new connection', 30_000);
  expect(wrapper.client).not.toBe(client);
  expect(connects).toBeGreaterThanOrEqual(2);
  await expectRoundTrip();
});

it('stops: closes the connection and makes no further attempts', async () => {
  await startConnected();
  await connection.stop();
  expect(connection.isConnected).toBe(false);
  expect(() => wrapper.client).toThrow('Cannot access NATS client before connecting');

  await broker.stop();
  await broker.start();
  await new Promise((resolve) => setTimeout(resolve, 1500));
  expect(connection.isConnected).toBe(false);
  expect(connects).toBe(1);
});

it('stops while still trying to make the first connection', async () => {
  const connect = jest.spyOn(wrapper, 'connect');
  start();
  await waitUntil(() => connect.mock.calls.length >= 2, 'a retry');
  await connection.stop();
  const attempts = connect.mock.calls.length;
  await new Promise((resolve) => setTimeout(resolve, 1500));
  expect(connect.mock.calls.length).toBe(attempts);
});
