import { randomBytes } from 'crypto';
import { freePort, testNats } from '@ticketing/toolkit';
import { NatsWrapper, Subjects } from '@ticketing/common';
import { Channel, fetchChannels } from '../events/channels';
import {
  cliEnvFor,
  exitCode,
  runCli as runEvents,
  startListener as startEventsListener,
  waitUntil,
} from './fixtures/events-cli';

const unique = (prefix: string) => `${prefix}-${randomBytes(5).toString('hex')}`;

const cliEnv = (overrides: Record<string, string> = {}) => {
  const { url, clusterId, monitorUrl } = testNats();
  return cliEnvFor({ NATS_URL: url, NATS_CLUSTER_ID: clusterId, NATS_MONITOR_URL: monitorUrl ?? '', ...overrides });
};
const runCli = (args: string[], env = cliEnv()) => runEvents(args, env);
const startListener = (args: string[], env = cliEnv()) => startEventsListener(args, env);

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
