import { Subjects } from '@ticketing/common';
import { TicketEventLog } from '../test/events';
import { errorMessages, isErrorBody } from '../test/http';
import { signup, uniqueEmail } from '../test/session';
import { E2eStack, startE2eStack } from '../test/stack';
import { createTicket, Ticket } from '../test/tickets';

describe('races through the router', () => {
  let e2e: E2eStack;
  let events: TicketEventLog;

  beforeAll(async () => {
    e2e = await startE2eStack();
    events = await new TicketEventLog(e2e.nats).start();
  }, 300_000);

  afterAll(async () => {
    await events?.close();
    await e2e?.stop();
  }, 60_000);

  it('50 simultaneous signups with one email: exactly one 201, the others 400 Email in use', async () => {
    const email = uniqueEmail('race');
    const usersBefore = await e2e.count('auth', 'users');

    const responses = await Promise.all(
      Array.from({ length: 50 }, () => e2e.api.post('/api/users/signup', { email, password: 'password1' })),
    );

    const statuses = responses.map((res) => res.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    for (const res of responses.filter((r) => r.status !== 201)) {
      expect(res.status).toBe(400);
      expect(isErrorBody(res.json)).toBe(true);
      expect(errorMessages(res.json)).toEqual(['Email in use']);
    }
    expect(await e2e.count('auth', 'users')).toBe(usersBefore + 1);
    // The winner's password works: the one stored account is the one that answered 201.
    const signin = await e2e.api.post('/api/users/signin', { email, password: 'password1' });
    expect(signin.status).toBe(200);
    expect((signin.json as { id: string }).id).toBe(
      (responses.find((r) => r.status === 201)!.json as { id: string }).id,
    );
  });

  it('20 simultaneous owner updates: distinct versions, final version = successes, events match one to one', async () => {
    const owner = await signup(e2e.api);
    const ticket = await createTicket(e2e.api, owner.cookie, 'Race', 10);
    const start = ticket.version;

    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        e2e.api.put(`/api/tickets/${ticket.id}`, { title: `Race ${i}`, price: 10 + i }, owner.cookie),
      ),
    );

    const successes = responses.filter((res) => res.status === 200).map((res) => res.json as Ticket);
    expect(successes.length).toBeGreaterThanOrEqual(1);
    // Losers are told to retry, never answered with a 5xx or silently overwritten.
    for (const res of responses.filter((r) => r.status !== 200)) {
      expect(res.status).toBe(409);
      expect(isErrorBody(res.json)).toBe(true);
    }
    const versions = successes.map((t) => t.version).sort((a, b) => a - b);
    expect(new Set(versions).size).toBe(successes.length);
    // Each success moved the ticket one version on: together exactly start+1 .. start+n.
    expect(versions).toEqual(Array.from({ length: successes.length }, (_, i) => start + 1 + i));

    const final = (await e2e.api.get(`/api/tickets/${ticket.id}`)).json as Ticket;
    expect(final.version - start).toBe(successes.length);
    const last = successes.find((t) => t.version === final.version)!;
    expect({ title: final.title, price: final.price }).toEqual({ title: last.title, price: last.price });

    // The listener gets one ticket:updated per success, carrying exactly what that success saved.
    await events.waitForVersions(new Map([[ticket.id, final.version]]));
    const updates = events.processedFor(ticket.id).filter((event) => event.subject === Subjects.TicketUpdated);
    const asEvent = (t: Ticket) => ({ id: t.id, version: t.version, title: t.title, price: t.price, userId: t.userId });
    expect(updates.map(({ subject: _subject, ...data }) => data)).toEqual(
      [...successes].sort((a, b) => a.version - b.version).map(asEvent),
    );
    expect(events.duplicates.filter((d) => d.data.id === ticket.id)).toEqual([]);
    expect(events.redeliveredAfterAck).toEqual([]);
  });
});
