import { ChildProcess, spawn } from 'child_process';
import { randomBytes } from 'crypto';
import path from 'path';
import { Subscription } from 'node-nats-streaming';
import { freePort, NatsServer, startNatsServer, testNats } from '@ticketing/toolkit';
import {
  JetStreamListening,
  JetStreamSupervisor,
  Listener,
  logger,
  NatsWrapper,
  Publisher,
  Subjects,
  TicketCreatedEvent,
  TicketUpdatedEvent,
} from '@ticketing/common';
import { Channel, fetchChannels } from '../events/channels';

const tsx = require.resolve('tsx');
const cli = path.join(__dirname, '..', 'events.ts');
const unique = (prefix: string) => `${prefix}-${randomBytes(5).toString('hex')}`;

const cliEnv = (overrides: Record<string, string> = {}) => {
  const { url, clusterId, monitorUrl } = testNats();
  return {
    ...process.env,
    NATS_URL: url,
    NATS_CLUSTER_ID: clusterId,
    NATS_MONITOR_URL: monitorUrl ?? '',
    ...overrides,
  };
};

/** Runs `npm run events -- <args>` to completion. */
const runCli = (args: string[], env = cliEnv()): Promise<{ code: number | null; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', tsx, cli, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });

/** Starts `events listen` and resolves once it says it is listening. */
const startListener = async (args: string[], env = cliEnv()) => {
  const child = spawn(process.execPath, ['--import', tsx, cli, 'listen', ...args], { env });
  const output = { text: '' };
  child.stdout.on('data', (data: Buffer) => (output.text += data.toString()));
  child.stderr.on('data', (data: Buffer) => (output.text += data.toString()));
  await waitUntil(
    () => output.text.includes('Listening on'),
    () => output.text,
  );
  return { child, output };
};

const waitUntil = async (condition: () => boolean | Promise<boolean>, describe: () => string, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out; got: ${describe()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

const exitCode = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

const monitorUrl = () => testNats().monitorUrl ?? '';
const channel = async (name: string): Promise<Channel | undefined> =>
  (await fetchChannels(monitorUrl())).find((entry) => entry.name === name);

let nats: NatsWrapper;
const publish = (subject: string, data: object) =>
  new Promise<void>((resolve, reject) =>
    nats.client.publish(subject, JSON.stringify(data), (err) => (err ? reject(err) : resolve())),
  );

beforeAll(async () => {
  const { url, clusterId } = testNats();
  nats = new NatsWrapper();
  await nats.connect(clusterId, unique('events-test'), url);
});

afterAll(() => nats.close());

describe('events channels', () => {
  const countIn = (stdout: string, name: string) => {
    const match = new RegExp(`^${name}: (\\d+) messages?`, 'm').exec(stdout);
    return match ? Number(match[1]) : 0;
  };

  it('shows ticket:created with its message count, one more after a publish', async () => {
    const before = await runCli(['channels']);
    expect(before.code).toBe(0);
    await publish(Subjects.TicketCreated, { id: unique('t'), version: 0, title: 'concert', price: 20, userId: 'u1' });

    const after = await runCli(['channels']);
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/^ticket:created: \d+ messages? \(#1-#\d+\), \d+ subscriptions?$/m);
    expect(countIn(after.stdout, 'ticket:created')).toBe(countIn(before.stdout, 'ticket:created') + 1);
  });

  it('lists subscriptions with their queue group, durability and pending count', async () => {
    const subject = unique('test');
    await publish(subject, { n: 1 });
    const options = nats.client
      .subscriptionOptions()
      .setDeliverAllAvailable()
      .setManualAckMode(true)
      .setDurableName('orders-service');
    const subscription = nats.client.subscribe(subject, 'orders-service', options);
    // The message is never acknowledged, so it stays pending.
    await waitUntil(
      async () => (await channel(subject))?.subscriptions?.[0]?.pending_count === 1,
      () => 'no pending message',
    );

    const { stdout } = await runCli(['channels']);
    expect(stdout).toContain(`${subject}: 1 message (#1-#1), 1 subscription`);
    expect(stdout).toMatch(
      new RegExp(
        `- events-test-\\w+: queue group orders-service:orders-service, durable orders-service; last sent #1, 1 pending`,
      ),
    );
    subscription.close();
  });

  it('names the monitoring URL and how to reach a cluster when it cannot be read', async () => {
    const port = await freePort();
    const result = await runCli(['channels'], cliEnv({ NATS_MONITOR_URL: `http://127.0.0.1:${port}` }));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Cannot read http://127.0.0.1:${port}/streaming/channelsz`);
    expect(result.stderr).toContain('kubectl port-forward svc/nats-srv 4223:4222 8222:8222');
  });
});

describe('events listen', () => {
  it('prints events as they arrive, as an observer without queue group or durable name', async () => {
    const subject = unique('test');
    const { child, output } = await startListener([subject]);

    const id = unique('ticket');
    await publish(subject, { id, title: 'concert' });
    await waitUntil(
      () => output.text.includes(id),
      () => output.text,
    );
    expect(output.text).toMatch(new RegExp(`^\\S+Z ${subject} #1 \\{"id":"${id}","title":"concert"\\}$`, 'm'));

    const subs = (await channel(subject))?.subscriptions ?? [];
    expect(subs).toHaveLength(1);
    expect(subs[0].queue_name ?? '').toBe('');
    expect(subs[0].is_durable).toBe(false);

    child.kill('SIGINT');
    expect(await exitCode(child)).toBe(0);
    // Closing removed the subscription: the broker keeps nothing for the observer.
    await waitUntil(
      async () => ((await channel(subject))?.subscriptions ?? []).length === 0,
      () => 'still subscribed',
    );
  });

  it('replays earlier events with --all, and only new ones without it', async () => {
    const subject = unique('test');
    await publish(subject, { n: 'earlier' });

    const replay = await startListener([subject, '--all']);
    await waitUntil(
      () => replay.output.text.includes('"earlier"'),
      () => replay.output.text,
    );

    const fresh = await startListener([subject]);
    await publish(subject, { n: 'later' });
    await waitUntil(
      () => fresh.output.text.includes('"later"'),
      () => fresh.output.text,
    );
    expect(fresh.output.text).not.toContain('"earlier"');

    for (const { child } of [replay, fresh]) {
      child.kill('SIGINT');
      expect(await exitCode(child)).toBe(0);
    }
  });

  it('listens to every ticket subject by default', async () => {
    const { child, output } = await startListener([]);
    expect(output.text).toContain(`Listening on ${Object.values(Subjects).join(', ')}.`);
    const id = unique('ticket');
    await publish(Subjects.TicketUpdated, { id, version: 1, title: 'x', price: 1, userId: 'u' });
    await waitUntil(
      () => output.text.includes(id),
      () => output.text,
    );
    child.kill('SIGINT');
    expect(await exitCode(child)).toBe(0);
  });

  it('rejects unknown options with the usage', async () => {
    const result = await runCli(['listen', '--durable']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Usage:');
  });
});

describe('events dead-letters and replay', () => {
  /** A listener that gives up on every message at once, so each one is dead-lettered. */
  class FailingListener extends Listener<TicketUpdatedEvent> {
    subject: Subjects.TicketUpdated = Subjects.TicketUpdated;
    queueGroupName = unique('failing');
    protected override retry = { attempts: 1, delayMs: 0, maxDelayMs: 0 };

    onMessage(): void {
      throw new Error('orders database unreachable');
    }
  }

  // The listener's error line for each dead letter would only clutter the test output.
  beforeAll(() => jest.spyOn(logger, 'error').mockImplementation(() => undefined));
  afterAll(() => jest.restoreAllMocks());

  it('lists dead letters with their subject, sequence, group, error and data, and replays one on its subject', async () => {
    const failing = new FailingListener(nats.client);
    // These tests run on NATS Streaming.
    const subscription = failing.listen() as Subscription;
    const id = unique('ticket');
    await publish(Subjects.TicketUpdated, { id, version: 1, title: 'concert', price: 20, userId: 'u1' });

    let listed = '';
    await waitUntil(
      async () => (listed = (await runCli(['dead-letters'])).stdout).includes(failing.queueGroupName),
      () => listed,
    );
    const line = new RegExp(
      `^#(\\d+) \\S+Z ticket:updated #\\d+ \\(queue group ${failing.queueGroupName}, 1 attempt\\): orders database unreachable\\n` +
        `    \\{"id":"${id}","version":1,`,
      'm',
    );
    expect(listed).toMatch(line);
    const position = line.exec(listed)![1];

    const { child, output } = await startListener([Subjects.TicketUpdated]);
    const replayed = await runCli(['replay', position]);
    expect(replayed).toMatchObject({ code: 0, stdout: `Replayed dead letter #${position} on ticket:updated\n` });
    await waitUntil(
      () => output.text.includes(id),
      () => output.text,
    );
    expect(output.text).toContain(`{"id":"${id}","version":1,"title":"concert","price":20,"userId":"u1"}`);
    child.kill('SIGINT');
    await exitCode(child);
    subscription.unsubscribe();
  });

  it('says which dead letter does not exist, and rejects a replay without a choice', async () => {
    expect(await runCli(['replay', '999999'])).toMatchObject({ code: 1, stderr: 'No dead letter #999999\n' });
    expect((await runCli(['replay'])).code).toBe(2);
    expect((await runCli(['replay', '1', '--all'])).code).toBe(2);
  });
});

describe('events channels on JetStream', () => {
  let server: NatsServer;
  let listening: JetStreamListening | undefined;
  const supervisor = new JetStreamSupervisor();

  class OrdersTicketListener extends Listener<TicketCreatedEvent> {
    subject: Subjects.TicketCreated = Subjects.TicketCreated;
    queueGroupName = 'orders-service';

    onMessage(): void {
      // Never acknowledged: the message stays awaiting ack, as `channels` should show.
    }
  }

  beforeAll(async () => {
    server = await startNatsServer();
    supervisor.start({ clusterId: 'unused', clientId: unique('events-test'), url: server.url });
    await waitUntil(
      () => supervisor.isConnected,
      () => 'not connected',
    );
  });

  afterAll(async () => {
    await listening?.close();
    await supervisor.stop();
    await server.stop();
  });

  it('shows the stream with its message count and subjects, and consumers with pending counts', async () => {
    const publisher = new (class extends Publisher<TicketCreatedEvent> {
      subject: Subjects.TicketCreated = Subjects.TicketCreated;
    })(supervisor.client);
    await publisher.publish({ id: 'a', version: 0, title: 'concert', price: 20, userId: 'u1' });
    await publisher.publish({ id: 'b', version: 0, title: 'opera', price: 30, userId: 'u1' });
    listening = new OrdersTicketListener(supervisor.client).listen() as JetStreamListening;
    await listening.ready;

    const env = cliEnv({ EVENT_TRANSPORT: 'jetstream', NATS_MONITOR_URL: server.monitorUrl });
    let result = { code: null as number | null, stdout: '', stderr: '' };
    await waitUntil(
      async () => (result = await runCli(['channels'], env)).stdout.includes('1 awaiting ack'),
      () => JSON.stringify(result),
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      'TICKETING: 2 messages (#1-#2), 1 subject, 1 consumer\n' +
        '  - orders-service_ticket_created: 1 pending, 1 awaiting ack, 0 redelivered\n',
    );
  });

  it('listen prints the events in the stream, from the first with --all, as an observer', async () => {
    const env = cliEnv({ EVENT_TRANSPORT: 'jetstream', NATS_URL: server.url });
    const { child, output } = await startListener([Subjects.TicketCreated, '--all'], env);
    await waitUntil(
      () => output.text.includes('"opera"'),
      () => output.text,
    );
    expect(output.text).toMatch(
      /^\S+Z ticket:created #1 \{"id":"a","version":0,"title":"concert","price":20,"userId":"u1"\}$/m,
    );
    expect(output.text).toMatch(/^\S+Z ticket:created #2 \{"id":"b",.*"opera"/m);
    child.kill('SIGINT');
    expect(await exitCode(child)).toBe(0);
  });
});
