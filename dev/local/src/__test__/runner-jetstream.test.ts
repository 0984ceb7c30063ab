import fs from 'fs';
import path from 'path';
import {
  JetStreamListening,
  JetStreamSupervisor,
  Listener,
  ListenerMessage,
  Subjects,
  TicketCreatedEvent,
} from '@ticketing/common';
import { processAlive as alive } from '@ticketing/toolkit';
import { cliEnvFor, runCli, waitUntil } from './fixtures/events-cli';
import { eventually, recordedPids, useRunner } from './fixtures/runner';

// `npm run dev -- --transport jetstream` end to end: a ticket created and edited through the
// router, then `npm run events -- channels` as a person runs it (no EVENT_TRANSPORT set).
jest.setTimeout(240_000);

/** A consumer as the orders service would have, so `channels` has one to show. */
class OrdersListener extends Listener<TicketCreatedEvent> {
  subject: Subjects.TicketCreated = Subjects.TicketCreated;
  queueGroupName = 'orders-service';
  handled = 0;

  onMessage(_data: TicketCreatedEvent['data'], msg: ListenerMessage): void {
    this.handled += 1;
    msg.ack();
  }
}

describe('the dev runner on JetStream', () => {
  const dev = useRunner();

  it('runs the stack on nats-server, shows the ticket subjects in events channels, and stops a leftover nats-server', async () => {
    dev.config.transport = 'jetstream';
    const first = await dev.start();
    const { dataDir, ports } = dev.config;
    expect(first.output()).toContain('[dev] starting on NATS JetStream');
    expect(first.output()).toContain(
      `[dev] NATS JetStream    nats://localhost:${ports.nats} (stream TICKETING, EVENT_TRANSPORT=jetstream)`,
    );
    expect(first.output()).toContain(`[dev] NATS monitoring   http://localhost:${ports.natsMonitor}/jsz`);
    // Its own store, beside (never inside) NATS Streaming's.
    expect(fs.existsSync(path.join(dataDir, 'jetstream', 'jetstream'))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'nats'))).toBe(false);

    const signup = await dev.api('/api/users/signup', { email: 'js@test.com', password: 'password1' });
    expect(signup.status).toBe(201);
    const cookie = signup.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const created = await dev.api('/api/tickets', { title: 'concert', price: 20 }, 'POST', cookie);
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const edited = await dev.api(`/api/tickets/${id}`, { title: 'concert (moved)', price: 25 }, 'PUT', cookie);
    expect(edited.status).toBe(200);

    const natsUrl = `nats://127.0.0.1:${ports.nats}`;
    const supervisor = new JetStreamSupervisor();
    supervisor.start({ clusterId: '', clientId: 'runner-test-orders', url: natsUrl });
    await eventually(() => supervisor.isConnected, 'a connection to the stack');
    const orders = new OrdersListener(supervisor.client);
    const listening = orders.listen() as JetStreamListening;
    await listening.ready;
    await eventually(() => orders.handled === 1, 'the orders listener to handle ticket:created');

    const env = cliEnvFor({ NATS_URL: natsUrl, NATS_MONITOR_URL: `http://127.0.0.1:${ports.natsMonitor}` });
    const expected =
      'TICKETING: 2 messages (#1-#2), 2 subjects, 1 consumer\n' +
      '  ticket:created: 1 message\n' +
      '  ticket:updated: 1 message\n' +
      '  - orders-service_ticket_created (ticket:created): 0 pending, 0 awaiting ack, 0 redelivered\n';
    let channels = { code: null as number | null, stdout: '', stderr: '' };
    await waitUntil(
      async () => (channels = await runCli(['channels'], env)).stdout === expected,
      () => JSON.stringify(channels),
    );
    expect(channels).toEqual({ code: 0, stdout: expected, stderr: '' });
    await listening.close();
    await supervisor.stop();

    // Killed outright: the next run stops the nats-server it left, by its pid file, and the events are kept.
    const pids = recordedPids(dataDir);
    expect(pids).toHaveLength(5);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(pids.filter(alive)).toHaveLength(5);
    const second = await dev.start();
    expect(second.output()).toMatch(/\[dev\] stopped nats-server \(pid \d+\), left running by an earlier run/);
    expect(pids.filter(alive)).toEqual([]);
    expect((await runCli(['channels'], env)).stdout).toContain('TICKETING: 2 messages (#1-#2)');
    const secondPids = recordedPids(dataDir);
    await dev.stop(second);
    await eventually(() => secondPids.every((pid) => !alive(pid)), 'every child to be gone');
  });
});
