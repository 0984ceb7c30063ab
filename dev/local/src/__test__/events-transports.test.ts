import { randomBytes } from 'crypto';
import { NatsServer, startNatsServer, testNats } from '@ticketing/toolkit';
import {
  EventClient,
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
import { cliEnvFor, exitCode, runCli, startListener, waitUntil } from './fixtures/events-cli';

// `npm run events` on both transports: NATS Streaming (the run's shared broker) and a nats-server
// with JetStream of this file's own. EVENT_TRANSPORT is never set: the CLI finds the transport.
const unique = (prefix: string) => `${prefix}-${randomBytes(5).toString('hex')}`;

interface Bus {
  client: EventClient;
  env: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

const onStan = async (): Promise<Bus> => {
  const { url, clusterId, monitorUrl } = testNats();
  const nats = new NatsWrapper();
  await nats.connect(clusterId, unique('events-test'), url);
  const env = cliEnvFor({ NATS_URL: url, NATS_CLUSTER_ID: clusterId, NATS_MONITOR_URL: monitorUrl ?? '' });
  return { client: nats.client, env, close: () => nats.close() };
};

const onJetStream = async (): Promise<Bus> => {
  const server: NatsServer = await startNatsServer();
  const supervisor = new JetStreamSupervisor();
  supervisor.start({ clusterId: '', clientId: unique('events-test'), url: server.url });
  await waitUntil(
    () => supervisor.isConnected,
    () => 'not connected',
  );
  const env = cliEnvFor({ NATS_URL: server.url, NATS_MONITOR_URL: server.monitorUrl });
  return {
    client: supervisor.client,
    env,
    close: async () => {
      await supervisor.stop();
      await server.stop();
    },
  };
};

class TicketCreatedPublisher extends Publisher<TicketCreatedEvent> {
  subject: Subjects.TicketCreated = Subjects.TicketCreated;
}
class TicketUpdatedPublisher extends Publisher<TicketUpdatedEvent> {
  subject: Subjects.TicketUpdated = Subjects.TicketUpdated;
}

describe.each([
  ['NATS Streaming', onStan],
  ['JetStream', onJetStream],
])('events dead-letters and replay on %s', (_transport, connect) => {
  let bus: Bus;

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
  beforeAll(async () => {
    jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    bus = await connect();
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await bus.close();
  });

  it('lists dead letters with their subject, sequence, group, error and data, and replays one on its subject', async () => {
    const failing = new FailingListener(bus.client);
    const listening = failing.listen();
    const id = unique('ticket');
    await new TicketUpdatedPublisher(bus.client).publish({ id, version: 1, title: 'concert', price: 20, userId: 'u1' });

    let listed = '';
    await waitUntil(
      async () => (listed = (await runCli(['dead-letters'], bus.env)).stdout).includes(failing.queueGroupName),
      () => listed,
    );
    const line = new RegExp(
      `^#(\\d+) \\S+Z ticket:updated #\\d+ \\(queue group ${failing.queueGroupName}, 1 attempt\\): orders database unreachable\\n` +
        `    \\{"id":"${id}","version":1,`,
      'm',
    );
    expect(listed).toMatch(line);
    const position = line.exec(listed)![1];

    const { child, output } = await startListener([Subjects.TicketUpdated], bus.env);
    const replayed = await runCli(['replay', position], bus.env);
    expect(replayed).toMatchObject({ code: 0, stdout: `Replayed dead letter #${position} on ticket:updated\n` });
    await waitUntil(
      () => output.text.includes(id),
      () => output.text,
    );
    expect(output.text).toContain(`{"id":"${id}","version":1,"title":"concert","price":20,"userId":"u1"}`);
    child.kill('SIGINT');
    await exitCode(child);
    if ('ready' in listening) await listening.close();
    else listening.unsubscribe();
  });

  it('says which dead letter does not exist, and rejects a replay without a choice', async () => {
    expect(await runCli(['replay', '999999'], bus.env)).toMatchObject({ code: 1, stderr: 'No dead letter #999999\n' });
    expect((await runCli(['replay'], bus.env)).code).toBe(2);
    expect((await runCli(['replay', '1', '--all'], bus.env)).code).toBe(2);
  });
});

describe('events channels and listen on JetStream, found without EVENT_TRANSPORT', () => {
  let bus: Bus;
  let listening: JetStreamListening | undefined;

  class OrdersTicketListener extends Listener<TicketCreatedEvent> {
    subject: Subjects.TicketCreated = Subjects.TicketCreated;
    queueGroupName = 'orders-service';

    onMessage(): void {
      // Never acknowledged: the message stays awaiting ack, as `channels` should show.
    }
  }

  beforeAll(async () => {
    bus = await onJetStream();
  });

  afterAll(async () => {
    await listening?.close();
    await bus.close();
  });

  it('shows the stream, each subject with its count, and consumers with pending counts', async () => {
    const created = new TicketCreatedPublisher(bus.client);
    await created.publish({ id: 'a', version: 0, title: 'concert', price: 20, userId: 'u1' });
    await created.publish({ id: 'b', version: 0, title: 'opera', price: 30, userId: 'u1' });
    await new TicketUpdatedPublisher(bus.client).publish({
      id: 'a',
      version: 1,
      title: 'gig',
      price: 20,
      userId: 'u1',
    });
    listening = new OrdersTicketListener(bus.client).listen() as JetStreamListening;
    await listening.ready;

    let result = { code: null as number | null, stdout: '', stderr: '' };
    await waitUntil(
      async () => (result = await runCli(['channels'], bus.env)).stdout.includes('1 awaiting ack'),
      () => JSON.stringify(result),
    );
    expect(result).toEqual({
      code: 0,
      stdout:
        'TICKETING: 3 messages (#1-#3), 2 subjects, 1 consumer\n' +
        '  ticket:created: 2 messages\n' +
        '  ticket:updated: 1 message\n' +
        '  - orders-service_ticket_created (ticket:created): 1 pending, 1 awaiting ack, 0 redelivered\n',
      stderr: '',
    });
  });

  it('listen prints the events in the stream, from the first with --all, as an observer', async () => {
    const { child, output } = await startListener([Subjects.TicketCreated, '--all'], bus.env);
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

  it('refuses an EVENT_TRANSPORT it does not know, naming the ones it does', async () => {
    expect(await runCli(['channels'], { ...bus.env, EVENT_TRANSPORT: 'kafka' })).toMatchObject({
      code: 2,
      stderr: 'EVENT_TRANSPORT must be stan or jetstream, not "kafka"\n',
    });
  });
});
