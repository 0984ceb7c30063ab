import { EventTransport, Subjects } from '@ticketing/common';
import { Delivery, TicketEventLog } from '../test/events';
import { HttpResponse, isErrorBody } from '../test/http';
import { SignedInUser, signup, uniqueEmail } from '../test/session';
import { SigtermRun, sigtermUnderLoad } from '../test/sigterm';
import { E2eStack, startE2eStack } from '../test/stack';
import { createTicket, Ticket, updateTicket } from '../test/tickets';
import { setTimeout as sleep } from 'timers/promises';

/** Repeats `attempt` until `done` holds or `timeoutMs` passes; returns the last result. */
const poll = async <T>(attempt: () => Promise<T>, done: (result: T) => boolean, timeoutMs: number): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  let result = await attempt();
  while (!done(result) && Date.now() < deadline) {
    await sleep(500);
    result = await attempt();
  }
  return result;
};

/** Lets the consumer's acknowledgements reach the broker before the broker is stopped. */
const ACK_SETTLE_MS = 1000;

/**
 * How long a stopping service keeps serving after its readiness turned 503 (0 by default, as in
 * `npm run dev`; the manifests use 5): long enough here to see requests served while draining.
 */
const DRAIN_SECONDS = 1;

/** What tickets' readyz body says besides readiness. */
interface TicketsReadiness {
  status?: string;
  broker?: { connected: boolean };
  outbox?: { pending: number; oldestAgeMs: number | null };
}

/** One stack per transport, started when first needed and kept for the file (the services' tests share NATS Streaming's). */
const stacks = new Map<EventTransport, Promise<E2eStack>>();
const stackOn = (transport: EventTransport): Promise<E2eStack> => {
  if (!stacks.has(transport))
    stacks.set(transport, startE2eStack('none', { DRAIN_SECONDS: String(DRAIN_SECONDS) }, transport));
  return stacks.get(transport)!;
};

afterAll(async () => {
  for (const stack of stacks.values())
    await stack.then(
      (e2e) => e2e.stop(),
      () => undefined,
    );
}, 120_000);

/** The final version each ticket must reach. */
const finalVersions = (tickets: Ticket[]) => {
  const latest = new Map<string, number>();
  for (const t of tickets) latest.set(t.id, Math.max(latest.get(t.id) ?? -1, t.version));
  return latest;
};

/**
 * Every version of every ticket processed exactly once and in order; on each subject, first
 * deliveries of a ticket came in version order; nothing acknowledged came back; anything
 * published twice (delivery is at-least-once) is an exact copy of what was processed.
 */
const expectCompleteAndOrdered = (log: TicketEventLog, expected: Map<string, number>) => {
  for (const [id, last] of expected) {
    const processed = log.processedFor(id);
    expect(processed.map((e) => e.version)).toEqual(Array.from({ length: last + 1 }, (_, v) => v));
    expect(processed.map((e) => e.subject)).toEqual([
      Subjects.TicketCreated,
      ...Array<Subjects>(last).fill(Subjects.TicketUpdated),
    ]);
    for (const subject of [Subjects.TicketCreated, Subjects.TicketUpdated]) {
      const firstSeen: number[] = [];
      for (const d of log.firstDeliveriesFor(id, subject)) {
        if (!firstSeen.includes(d.data.version)) firstSeen.push(d.data.version);
      }
      expect(firstSeen).toEqual([...firstSeen].sort((a, b) => a - b));
    }
  }
  expect(log.redeliveredAfterAck).toEqual([]);
  const copyOfProcessed = (d: Delivery) =>
    log.processed.some(
      (p) =>
        p.id === d.data.id &&
        p.version === d.data.version &&
        p.subject === d.subject &&
        p.title === d.data.title &&
        p.price === d.data.price,
    );
  expect(log.duplicates.filter((d) => !copyOfProcessed(d))).toEqual([]);
};

/**
 * Exit 0 within 10 s of the signal; the half-sent request and those in flight answered; every
 * answer a success; the only failures refused/reset connections after the signal.
 */
const expectGracefulExit = (run: SigtermRun) => {
  expect(run.exit).toBeDefined();
  expect({ code: run.exit!.code, signal: run.exit!.signal }).toEqual({ code: 0, signal: null });
  expect(run.exit!.at - run.signalledAt).toBeLessThan(10_000);

  expect(run.inFlight.status).toBeLessThan(300);
  expect(run.inFlight.ended).toBeGreaterThan(run.signalledAt);

  const answered = run.outcomes.filter((o) => o.status !== undefined);
  const failed = run.outcomes.filter((o) => o.code !== undefined);
  expect(answered.filter((o) => o.started < run.signalledAt).length).toBeGreaterThanOrEqual(10);
  expect(answered.filter((o) => o.status! >= 300)).toEqual([]);
  expect(failed.filter((o) => !['ECONNREFUSED', 'ECONNRESET'].includes(o.code!) || o.ended < run.signalledAt)).toEqual(
    [],
  );
  // Load went on past the exit, so some requests did meet the closed listener.
  expect(failed.length).toBeGreaterThan(0);
};

// The event-carrying faults, on each transport: what tickets publishes survives the broker going away.
describe.each<EventTransport>(['stan', 'jetstream'])('faults on %s', (transport) => {
  let e2e: E2eStack;
  let user: SignedInUser;

  beforeAll(async () => {
    e2e = await stackOn(transport);
    user = await signup(e2e.api);
  }, 300_000);

  it('broker outage: tickets created and updated meanwhile all reach a durable listener, in order, once', async () => {
    const log = await new TicketEventLog(e2e.nats).start();
    try {
      const before = await createTicket(e2e.api, user.cookie, 'Before outage', 10);
      const beforeUpdated = await updateTicket(e2e.api, user.cookie, before.id, {
        title: 'Before outage 2',
        price: 11,
      });
      await log.waitForVersions(finalVersions([beforeUpdated]));
      await sleep(ACK_SETTLE_MS);

      await e2e.stack.stopNats();
      const written: Ticket[] = [beforeUpdated];
      const started = Date.now();
      for (let i = 0; i < 3; i += 1) {
        const ticket = await createTicket(e2e.api, user.cookie, `Outage ${i}`, 20 + i);
        written.push(ticket);
        for (let n = 1; n <= 2; n += 1) {
          written.push(
            await updateTicket(e2e.api, user.cookie, ticket.id, { title: `Outage ${i} v${n}`, price: 20 + i + n }),
          );
        }
      }
      written.push(await updateTicket(e2e.api, user.cookie, before.id, { title: 'Updated during outage', price: 12 }));
      // Ten writes answered without waiting on the missing broker.
      expect(Date.now() - started).toBeLessThan(10_000);
      await sleep(1000);
      await e2e.stack.startNats();

      const expected = finalVersions(written);
      await log.waitForVersions(expected, 90_000);
      await sleep(1500); // anything that would arrive twice has had time to
      expectCompleteAndOrdered(log, expected);
      // What arrived is what the API answered, field for field.
      for (const t of written) {
        expect(log.processedFor(t.id).find((e) => e.version === t.version)).toMatchObject({
          title: t.title,
          price: t.price,
          userId: t.userId,
        });
      }
    } finally {
      await log.close();
    }
  }, 180_000);

  it('broker away: tickets stays ready and takes writes, shows the broker and its backlog, and the events arrive once it is back', async () => {
    const logMark = e2e.logs.length;
    const readyz = async () => {
      const res = await e2e.api.get('/api/tickets/readyz');
      return { status: res.status, body: res.json as TicketsReadiness };
    };
    let log: TicketEventLog | undefined;
    try {
      expect(await readyz()).toMatchObject({ status: 200, body: { broker: { connected: true } } });
      await e2e.stack.stopNats();
      // Readiness never turns: the broker's absence shows in the body only.
      const away = await poll(readyz, (r) => r.status !== 200 || r.body.broker?.connected === false, 30_000);
      expect(away).toMatchObject({ status: 200, body: { status: 'ready', broker: { connected: false } } });

      const created = await createTicket(e2e.api, user.cookie, 'While the broker is away', 40);
      const updated = await updateTicket(e2e.api, user.cookie, created.id, { title: 'Still away', price: 41 });
      const backlog = await readyz();
      expect(backlog.status).toBe(200);
      expect(backlog.body.outbox?.pending).toBeGreaterThanOrEqual(1);
      expect(backlog.body.outbox?.oldestAgeMs).toBeGreaterThanOrEqual(0);
      const ticketsLog = () =>
        e2e.logs
          .slice(logMark)
          .filter((l) => l.name === 'tickets')
          .map((l) => l.line)
          .join('\n');
      expect(ticketsLog()).toMatch(/NATS disconnected|NATS Streaming connection lost|NATS connection closed/);

      await e2e.stack.startNats();
      // A new durable consumer reads the channels from the start, so it sees what was published
      // after the broker came back without having to ride out the outage (the test above does).
      log = await new TicketEventLog(e2e.nats).start();
      await log.waitForVersions(finalVersions([updated]), 90_000);
      const back = await poll(readyz, (r) => r.body.broker?.connected === true && r.body.outbox?.pending === 0, 30_000);
      expect(back).toMatchObject({
        status: 200,
        body: { broker: { connected: true }, outbox: { pending: 0, oldestAgeMs: null } },
      });
      expect(ticketsLog()).toMatch(/Connected to NATS|NATS reconnected/);
    } finally {
      await log?.close();
    }
  }, 180_000);

  it('broker restart with its file store: a durable listener resumes without losing or re-reading acknowledged events', async () => {
    const log = await new TicketEventLog(e2e.nats).start();
    try {
      const first = await createTicket(e2e.api, user.cookie, 'Before restart', 30);
      const firstUpdated = await updateTicket(e2e.api, user.cookie, first.id, { title: 'Before restart 2', price: 31 });
      await log.waitForVersions(finalVersions([firstUpdated]));
      await sleep(ACK_SETTLE_MS);
      await log.close();

      await e2e.stack.stopNats();
      await e2e.stack.startNats();

      // Written while the listener is away, after the broker came back from its file store.
      const second = await createTicket(e2e.api, user.cookie, 'After restart', 40);
      const secondUpdated = await updateTicket(e2e.api, user.cookie, second.id, {
        title: 'After restart 2',
        price: 41,
      });
      const firstAgain = await updateTicket(e2e.api, user.cookie, first.id, { title: 'After restart 3', price: 32 });

      await log.start();
      const expected = finalVersions([firstUpdated, secondUpdated, firstAgain]);
      await log.waitForVersions(expected, 90_000);
      await sleep(1500);

      expectCompleteAndOrdered(log, expected);
      const resumed = log.deliveries.filter((d) => d.session === 2);
      // Nothing delivered in the first session came back after the restart...
      expect(resumed.filter((d) => d.data.id === first.id && d.data.version <= firstUpdated.version)).toEqual([]);
      // ...and everything since did, each version once.
      const got = (id: string) =>
        [...new Set(resumed.filter((d) => d.data.id === id).map((d) => d.data.version))].sort((a, b) => a - b);
      expect(got(first.id)).toEqual([firstAgain.version]);
      expect(got(second.id)).toEqual([0, 1]);
    } finally {
      await log.close();
    }
  }, 180_000);

  it('SIGTERM under load (tickets): graceful exit, and every confirmed ticket still gets its event', async () => {
    const log = await new TicketEventLog(e2e.nats).start();
    try {
      const run = await sigtermUnderLoad(e2e.stack, 'tickets', {
        baseUrl: e2e.stack.urls.tickets,
        load: (n, i) =>
          i % 2 === 0
            ? { method: 'POST', path: '/api/tickets', body: { title: `Load ${n}-${i}`, price: 1 }, cookie: user.cookie }
            : { path: '/api/tickets' },
        inFlight: {
          path: '/api/tickets',
          body: JSON.stringify({ title: 'In flight at SIGTERM', price: 7 }),
          cookie: user.cookie,
        },
      });
      expectGracefulExit(run);
      expect(run.inFlight.status).toBe(201);

      // Back up: every ticket the API confirmed exists, and its ticket:created event gets out,
      // including those saved while shutting down, before the relay could publish them.
      await e2e.stack.startService('tickets');
      const created = [
        ...run.outcomes.filter((o) => o.status === 201).map((o) => o.json as Ticket),
        run.inFlight.json as Ticket,
      ];
      expect((await e2e.api.get(`/api/tickets/${(run.inFlight.json as Ticket).id}`)).status).toBe(200);
      await log.waitForVersions(new Map(created.map((t) => [t.id, 0])), 90_000);
    } finally {
      await log.close();
    }
  }, 180_000);
});

// Faults of the services themselves: the transport plays no part, so once, on the default one.
describe('faults', () => {
  let e2e: E2eStack;
  let user: SignedInUser;

  beforeAll(async () => {
    e2e = await stackOn('stan');
    user = await signup(e2e.api);
  }, 300_000);

  it('database outage: normalized 5xx quickly, other service unaffected, recovery without a restart', async () => {
    const ticket = await createTicket(e2e.api, user.cookie, 'Before db outage', 50);
    const pid = e2e.stack.pid('tickets');
    await e2e.stack.stopMongo('tickets');
    try {
      const attempts: [string, () => Promise<HttpResponse>][] = [
        ['list', () => e2e.api.get('/api/tickets')],
        ['show', () => e2e.api.get(`/api/tickets/${ticket.id}`)],
        ['create', () => e2e.api.post('/api/tickets', { title: 'During db outage', price: 5 }, user.cookie)],
        [
          'update',
          () => e2e.api.put(`/api/tickets/${ticket.id}`, { title: 'During db outage', price: 5 }, user.cookie),
        ],
      ];
      for (const [name, attempt] of attempts) {
        const res = await attempt();
        expect({
          name,
          status: res.status,
          shape: isErrorBody(res.json),
          fast: res.ms < 15_000,
          body: res.text.slice(0, 200),
        }).toMatchObject({
          status: expect.any(Number),
          shape: true,
          fast: true,
        });
        expect(res.status).toBeGreaterThanOrEqual(500);
        expect(res.status).toBeLessThan(600);
        expect(res.text).not.toMatch(/Mongo|mongoose|ECONNREFUSED|stack/i);
      }
      // Readiness notices within the driver's heartbeat (Kubernetes then stops routing to the pod).
      const readiness = await poll(
        () => e2e.api.get('/api/tickets/readyz'),
        (res) => res.status === 503,
        20_000,
      );
      expect(readiness.status).toBe(503);
      expect(isErrorBody(readiness.json)).toBe(true);
      // auth has its own database: it keeps working.
      expect((await e2e.api.get('/api/users/currentuser', user.cookie)).status).toBe(200);
      expect(e2e.stack.pid('tickets')).toBe(pid);
    } finally {
      await e2e.stack.startMongo('tickets');
    }

    const list = await poll(
      () => e2e.api.get('/api/tickets'),
      (res) => res.status === 200,
      60_000,
    );
    expect(list.status).toBe(200);
    expect((list.json as Ticket[]).map((t) => t.id)).toContain(ticket.id);
    const after = await createTicket(e2e.api, user.cookie, 'After db outage', 6);
    expect((await e2e.api.get(`/api/tickets/${after.id}`)).status).toBe(200);
    expect((await e2e.api.get('/api/tickets/readyz')).status).toBe(200);
    // Recovered by itself: the same process is serving.
    expect(e2e.stack.pid('tickets')).toBe(pid);
  }, 180_000);

  it('SIGTERM under load through the router (tickets): readiness turns 503 first, and no request that came before fails', async () => {
    let polling = true;
    const readiness: { sent: number; answered: number; status: number }[] = [];
    const poller = (async () => {
      while (polling) {
        const sent = Date.now();
        const res = await e2e.api.get('/api/tickets/readyz').catch(() => undefined);
        readiness.push({ sent, answered: Date.now(), status: res?.status ?? 0 });
        await sleep(20);
      }
    })();
    const run = await sigtermUnderLoad(e2e.stack, 'tickets', {
      baseUrl: e2e.stack.urls.app,
      load: (n, i) =>
        i % 2 === 0
          ? { method: 'POST', path: '/api/tickets', body: { title: `Drain ${n}-${i}`, price: 1 }, cookie: user.cookie }
          : { path: '/api/tickets' },
      inFlight: {
        path: '/api/tickets',
        body: JSON.stringify({ title: 'In flight while draining', price: 7 }),
        cookie: user.cookie,
      },
    });
    polling = false;
    await poller;
    try {
      expect({ code: run.exit?.code, signal: run.exit?.signal }).toEqual({ code: 0, signal: null });
      // Readiness answered 503 after the signal and before the service stopped answering.
      const first503 = readiness.find((r) => r.sent >= run.signalledAt && r.status === 503);
      expect(first503).toBeDefined();
      const failedOrUnanswered = (o: { status?: number }) => o.status === undefined || o.status >= 300;
      // Not one request that arrived before readiness turned 503 failed.
      expect(run.outcomes.filter((o) => o.started < first503!.answered && failedOrUnanswered(o))).toEqual([]);
      expect(run.inFlight.status).toBe(201);
      // And requests kept being served for the drain period after it.
      expect(
        run.outcomes.filter((o) => o.started > first503!.answered && o.status !== undefined && o.status < 300).length,
      ).toBeGreaterThan(0);
      expect(run.exit!.at - run.signalledAt).toBeGreaterThanOrEqual(DRAIN_SECONDS * 1000);
    } finally {
      await e2e.stack.startService('tickets');
    }
  }, 180_000);

  it('SIGTERM under load (auth): graceful exit, and every confirmed signup can sign in', async () => {
    const password = 'password1';
    const run = await sigtermUnderLoad(e2e.stack, 'auth', {
      baseUrl: e2e.stack.urls.auth,
      load: (n, i) =>
        i % 2 === 0
          ? { method: 'POST', path: '/api/users/signup', body: { email: uniqueEmail(`load${n}`), password } }
          : { path: '/api/users/currentuser', cookie: user.cookie },
      inFlight: { path: '/api/users/signup', body: JSON.stringify({ email: uniqueEmail('inflight'), password }) },
    });
    expectGracefulExit(run);
    expect(run.inFlight.status).toBe(201);

    await e2e.stack.startService('auth');
    const signedUp = [...run.outcomes.filter((o) => o.status === 201).map((o) => o.json), run.inFlight.json] as {
      email: string;
    }[];
    for (const { email } of signedUp.slice(-5)) {
      expect((await e2e.api.post('/api/users/signin', { email, password })).status).toBe(200);
    }
  }, 180_000);
});
