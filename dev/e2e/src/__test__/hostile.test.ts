import { HttpResponse, isErrorBody } from '../test/http';
import { SignedInUser, signup, tamperSignature, uniqueEmail } from '../test/session';
import { E2eStack, startE2eStack } from '../test/stack';
import { createTicket, Ticket } from '../test/tickets';

/**
 * Hostile input through the router against both services. Each case says which statuses are
 * acceptable and how many users/tickets it may create (none, unless it is valid input in disguise).
 * Shared checks for every case: no 5xx, every error in the `{errors:[{message, field?}]}` shape,
 * nothing stored from a rejected request, and both services still ready afterwards.
 */

interface Context {
  owner: SignedInUser;
  ticket: Ticket;
}

type Who = 'owner' | 'anonymous' | 'tampered' | 'garbage';

interface HostileCase {
  name: string;
  method?: string;
  path: string | ((ctx: Context) => string);
  /** Strings are sent as raw bytes (with a JSON content type unless `headers` say otherwise). */
  body?: unknown;
  headers?: Record<string, string>;
  as?: Who;
  expect: number[];
  /** Valid input in disguise: how many users / tickets it creates. */
  creates?: { users?: number; tickets?: number };
  /** Extra checks on an accepted request. */
  check?: (res: HttpResponse, ctx: Context) => void;
}

const json = { 'Content-Type': 'application/json' };
const gt = { $gt: '' };
const ne = { $ne: null };
const huge = 'x'.repeat(10_000);
const overLimit = JSON.stringify({ email: 'big@test.com', password: 'x'.repeat(200 * 1024) });
const deepNesting = `{"email":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)},"password":"password1"}`;
const manyKeys = JSON.stringify(Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i])));
const unknownId = '6650f0f0f0f0f0f0f0f0f0f0';
const ticketPath = (ctx: Context) => `/api/tickets/${ctx.ticket.id}`;
const email = () => uniqueEmail('hostile');
const valid = () => ({ email: email(), password: 'password1' });
const validTicket = { title: 'Concert', price: 20 };

const signupCases: HostileCase[] = [
  {
    name: 'signup: malformed JSON',
    path: '/api/users/signup',
    body: '{"email": "a@b.com", password: }',
    headers: json,
    expect: [400],
  },
  {
    name: 'signup: truncated JSON',
    path: '/api/users/signup',
    body: '{"email": "t@test.com", "password": "passw',
    headers: json,
    expect: [400],
  },
  {
    name: 'signup: JSON followed by garbage',
    path: '/api/users/signup',
    body: '{"email": "g@test.com", "password": "password1"} trailing',
    headers: json,
    expect: [400],
  },
  {
    name: 'signup: JSON sent as text/plain',
    path: '/api/users/signup',
    body: JSON.stringify(valid()),
    headers: { 'Content-Type': 'text/plain' },
    expect: [400, 415],
  },
  {
    name: 'signup: form-encoded body',
    path: '/api/users/signup',
    body: 'email=form%40test.com&password=password1',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    expect: [400, 415],
  },
  {
    name: 'signup: no content type',
    path: '/api/users/signup',
    body: JSON.stringify(valid()),
    headers: {},
    expect: [400, 415],
  },
  {
    name: 'signup: unsupported charset',
    path: '/api/users/signup',
    body: JSON.stringify(valid()),
    headers: { 'Content-Type': 'application/json; charset=utf-16' },
    expect: [400, 415],
  },
  {
    name: 'signup: gzip encoding that is not gzip',
    path: '/api/users/signup',
    body: JSON.stringify(valid()),
    headers: { ...json, 'Content-Encoding': 'gzip' },
    expect: [400, 415],
  },
  { name: 'signup: array body', path: '/api/users/signup', body: [valid()], expect: [400] },
  { name: 'signup: null body', path: '/api/users/signup', body: 'null', headers: json, expect: [400] },
  { name: 'signup: string body', path: '/api/users/signup', body: '"a@b.com"', headers: json, expect: [400] },
  { name: 'signup: number body', path: '/api/users/signup', body: '42', headers: json, expect: [400] },
  {
    name: 'signup: email {$gt: ""}',
    path: '/api/users/signup',
    body: { email: gt, password: 'password1' },
    expect: [400],
  },
  {
    name: 'signup: email {$ne: null}',
    path: '/api/users/signup',
    body: { email: ne, password: 'password1' },
    expect: [400],
  },
  {
    name: 'signup: password {$gt: ""}',
    path: '/api/users/signup',
    body: { email: email(), password: gt },
    expect: [400],
  },
  {
    name: 'signup: password {$ne: null}',
    path: '/api/users/signup',
    body: { email: email(), password: ne },
    expect: [400],
  },
  {
    name: 'signup: password as array',
    path: '/api/users/signup',
    body: { email: email(), password: ['password1'] },
    expect: [400],
  },
  {
    name: 'signup: email as array',
    path: '/api/users/signup',
    body: { email: [email(), email()], password: 'password1' },
    expect: [400],
  },
  {
    name: 'signup: fields only under __proto__',
    path: '/api/users/signup',
    body: `{"__proto__": {"email": "${email()}", "password": "password1"}}`,
    headers: json,
    expect: [400],
  },
  {
    name: 'signup: fields only under constructor.prototype',
    path: '/api/users/signup',
    body: { constructor: { prototype: valid() } },
    expect: [400],
  },
  {
    name: 'signup: email with __proto__ object',
    path: '/api/users/signup',
    body: `{"email": {"__proto__": {"toString": 1}}, "password": "password1"}`,
    headers: json,
    expect: [400],
  },
  {
    name: 'signup: 10 000-character email',
    path: '/api/users/signup',
    body: { email: `${huge}@test.com`, password: 'password1' },
    expect: [400],
  },
  {
    name: 'signup: 10 000-character password',
    path: '/api/users/signup',
    body: { email: email(), password: huge },
    expect: [400],
  },
  {
    name: 'signup: body over the size limit',
    path: '/api/users/signup',
    body: overLimit,
    headers: json,
    expect: [413],
  },
  {
    name: 'signup: 5000-deep nested email',
    path: '/api/users/signup',
    body: deepNesting,
    headers: json,
    expect: [400, 413],
  },
  { name: 'signup: 5000 unknown keys', path: '/api/users/signup', body: manyKeys, headers: json, expect: [400] },
  {
    name: 'signup: control characters in email',
    path: '/api/users/signup',
    body: { email: 'a\u0000b\u0007@test.com', password: 'password1' },
    expect: [400],
  },
  {
    name: 'signup: lone surrogate in email',
    path: '/api/users/signup',
    body: '{"email": "\\ud800@test.com", "password": "password1"}',
    headers: json,
    expect: [400],
  },
  {
    name: 'signup: unicode password is valid input',
    path: '/api/users/signup',
    body: { email: email(), password: 'pässwörd🎟' },
    expect: [201],
    creates: { users: 1 },
    check: (res) => expect(Object.keys(res.json as object).sort()).toEqual(['email', 'id']),
  },
  {
    name: 'signup: extra keys (role, _id, password hash) are ignored',
    path: '/api/users/signup',
    body: { ...valid(), role: 'admin', _id: unknownId, isAdmin: true },
    expect: [201],
    creates: { users: 1 },
    check: (res) => {
      expect(Object.keys(res.json as object).sort()).toEqual(['email', 'id']);
      expect((res.json as { id: string }).id).not.toBe(unknownId);
    },
  },
];

const signinCases: HostileCase[] = [
  {
    name: 'signin: email and password {$ne: null}',
    path: '/api/users/signin',
    body: { email: ne, password: ne },
    expect: [400],
  },
  {
    name: 'signin: email {$gt: ""}',
    path: '/api/users/signin',
    body: { email: gt, password: 'password1' },
    expect: [400],
  },
  {
    name: 'signin: password {$ne: null} for a real user',
    path: '/api/users/signin',
    body: (ctx: Context) => ({ email: ctx.owner.email, password: ne }),
    expect: [400],
  },
  {
    name: 'signin: password {$gt: ""} for a real user',
    path: '/api/users/signin',
    body: (ctx: Context) => ({ email: ctx.owner.email, password: gt }),
    expect: [400],
  },
  {
    name: 'signin: password as array for a real user',
    path: '/api/users/signin',
    body: (ctx: Context) => ({ email: ctx.owner.email, password: [ctx.owner.password] }),
    expect: [400],
  },
  { name: 'signin: malformed JSON', path: '/api/users/signin', body: '{"email"', headers: json, expect: [400] },
  { name: 'signin: array body', path: '/api/users/signin', body: '[]', headers: json, expect: [400] },
];

const authRouteCases: HostileCase[] = [
  { name: 'auth: GET on signup', path: '/api/users/signup', method: 'GET', expect: [404, 405] },
  { name: 'auth: DELETE on signup', path: '/api/users/signup', method: 'DELETE', expect: [404, 405] },
  { name: 'auth: PATCH on currentuser', path: '/api/users/currentuser', method: 'PATCH', body: {}, expect: [404, 405] },
  { name: 'auth: unknown route', path: '/api/users/admin', method: 'GET', expect: [404] },
  {
    name: 'auth: garbage cookie means signed out',
    path: '/api/users/currentuser',
    method: 'GET',
    as: 'garbage',
    expect: [200],
    check: (res) => expect(res.json).toEqual({ currentUser: null }),
  },
  {
    name: 'auth: tampered cookie means signed out',
    path: '/api/users/currentuser',
    method: 'GET',
    as: 'tampered',
    expect: [200],
    check: (res) => expect(res.json).toEqual({ currentUser: null }),
  },
];

const createCases: HostileCase[] = [
  { name: 'tickets: create signed out', path: '/api/tickets', as: 'anonymous', body: validTicket, expect: [401] },
  {
    name: 'tickets: create with a tampered cookie',
    path: '/api/tickets',
    as: 'tampered',
    body: validTicket,
    expect: [401],
  },
  {
    name: 'tickets: create with a garbage cookie',
    path: '/api/tickets',
    as: 'garbage',
    body: validTicket,
    expect: [401],
  },
  {
    name: 'tickets: malformed JSON',
    path: '/api/tickets',
    body: '{"title": "x", "price": }',
    headers: json,
    expect: [400],
  },
  {
    name: 'tickets: truncated JSON',
    path: '/api/tickets',
    body: '{"title": "Concert", "pri',
    headers: json,
    expect: [400],
  },
  {
    name: 'tickets: JSON sent as text/plain',
    path: '/api/tickets',
    body: JSON.stringify(validTicket),
    headers: { 'Content-Type': 'text/plain' },
    expect: [400, 415],
  },
  { name: 'tickets: array body', path: '/api/tickets', body: [validTicket], expect: [400] },
  { name: 'tickets: null body', path: '/api/tickets', body: 'null', headers: json, expect: [400] },
  { name: 'tickets: title {$gt: ""}', path: '/api/tickets', body: { title: gt, price: 20 }, expect: [400] },
  { name: 'tickets: title {$ne: null}', path: '/api/tickets', body: { title: ne, price: 20 }, expect: [400] },
  {
    name: 'tickets: price {$gt: 0}',
    path: '/api/tickets',
    body: { title: 'Concert', price: { $gt: 0 } },
    expect: [400],
  },
  { name: 'tickets: price {$ne: null}', path: '/api/tickets', body: { title: 'Concert', price: ne }, expect: [400] },
  { name: 'tickets: title as array', path: '/api/tickets', body: { title: ['Concert'], price: 20 }, expect: [400] },
  { name: 'tickets: price as array', path: '/api/tickets', body: { title: 'Concert', price: [20] }, expect: [400] },
  { name: 'tickets: negative price', path: '/api/tickets', body: { title: 'Concert', price: -10 }, expect: [400] },
  { name: 'tickets: zero price', path: '/api/tickets', body: { title: 'Concert', price: 0 }, expect: [400] },
  {
    name: 'tickets: NaN price (as a string)',
    path: '/api/tickets',
    body: { title: 'Concert', price: 'NaN' },
    expect: [400],
  },
  {
    name: 'tickets: NaN literal (invalid JSON)',
    path: '/api/tickets',
    body: '{"title": "Concert", "price": NaN}',
    headers: json,
    expect: [400],
  },
  { name: 'tickets: huge price 1e308', path: '/api/tickets', body: { title: 'Concert', price: 1e308 }, expect: [400] },
  {
    name: 'tickets: price overflowing to Infinity',
    path: '/api/tickets',
    body: '{"title": "Concert", "price": 1e400}',
    headers: json,
    expect: [400],
  },
  {
    name: 'tickets: price with three decimals',
    path: '/api/tickets',
    body: { title: 'Concert', price: 10.123 },
    expect: [400],
  },
  { name: 'tickets: empty title', path: '/api/tickets', body: { title: '', price: 20 }, expect: [400] },
  { name: 'tickets: whitespace title', path: '/api/tickets', body: { title: ' \t\n ', price: 20 }, expect: [400] },
  { name: 'tickets: 10 000-character title', path: '/api/tickets', body: { title: huge, price: 20 }, expect: [400] },
  {
    name: 'tickets: fields only under __proto__',
    path: '/api/tickets',
    body: '{"__proto__": {"title": "Concert", "price": 20}}',
    headers: json,
    expect: [400],
  },
  {
    name: 'tickets: body over the size limit',
    path: '/api/tickets',
    body: JSON.stringify({ title: 'x'.repeat(300 * 1024), price: 20 }),
    headers: json,
    expect: [413],
  },
  {
    name: 'tickets: unicode title is valid input and stored exactly',
    path: '/api/tickets',
    body: { title: 'Konzert 🎟 — Ñandú 東京 👨\u200d👩\u200d👧', price: 12.5 },
    expect: [201],
    creates: { tickets: 1 },
    check: (res) => expect((res.json as Ticket).title).toBe('Konzert 🎟 — Ñandú 東京 👨\u200d👩\u200d👧'),
  },
  {
    name: 'tickets: title is stored NFC-normalized, invisible characters trimmed from its ends',
    path: '/api/tickets',
    body: { title: '\u200b\ufeff Cafe\u0301 \u2060', price: 20.1 },
    expect: [201],
    creates: { tickets: 1 },
    check: (res) => expect(res.json).toMatchObject({ title: 'Caf\u00e9', price: 20.1 }),
  },
  {
    name: 'tickets: 200 emoji (400 UTF-16 units) are 200 characters, within the limit',
    path: '/api/tickets',
    body: { title: '🎟'.repeat(200), price: 20 },
    expect: [201],
    creates: { tickets: 1 },
  },
  ...(
    [
      ['only zero-width characters', '\u200b\u200c\u200d\ufeff'],
      ['only a no-break space and a word joiner', '\u00a0\u2060'],
      ['a right-to-left override', 'Concert \u202eevil'],
      ['a bidi isolate', 'Concert \u2067x\u2069'],
      ['a line break inside', 'Concert\nTonight'],
      ['201 emoji', '🎟'.repeat(201)],
    ] as const
  ).map(([what, title]): HostileCase => ({
    name: `tickets: title with ${what}`,
    path: '/api/tickets',
    body: { title, price: 20 },
    expect: [400],
  })),
  ...[1e-9, 20.001, 999999.999999999, 0.001, 1000000.01].map((price): HostileCase => ({
    name: `tickets: price ${price}`,
    path: '/api/tickets',
    body: { title: 'Concert', price },
    expect: [400],
  })),
  {
    name: 'tickets: update to price 1e-9',
    method: 'PUT',
    path: ticketPath,
    body: { title: 'Concert', price: 1e-9 },
    expect: [400],
  },
  {
    name: 'tickets: update to a zero-width title',
    method: 'PUT',
    path: ticketPath,
    body: { title: '\u200b', price: 20 },
    expect: [400],
  },
  {
    name: 'tickets: userId and version in the body are ignored',
    path: '/api/tickets',
    body: { ...validTicket, userId: 'someone-else', version: 99, id: unknownId },
    expect: [201],
    creates: { tickets: 1 },
    check: (res, ctx) => {
      const ticket = res.json as Ticket;
      expect(ticket.userId).toBe(ctx.owner.id);
      expect(ticket.version).toBe(0);
      expect(ticket.id).not.toBe(unknownId);
    },
  },
];

const ticketIdCases: HostileCase[] = [
  { name: 'tickets: show a malformed id', path: '/api/tickets/not-an-id', method: 'GET', expect: [400, 404] },
  { name: 'tickets: show an unknown id', path: `/api/tickets/${unknownId}`, method: 'GET', expect: [404] },
  {
    name: 'tickets: show an operator in the id',
    path: `/api/tickets/${encodeURIComponent('{"$ne":null}')}`,
    method: 'GET',
    expect: [400, 404],
  },
  {
    name: 'tickets: show a 5000-character id',
    path: `/api/tickets/${'a'.repeat(5000)}`,
    method: 'GET',
    expect: [400, 404, 414],
  },
  {
    name: 'tickets: update a malformed id',
    path: '/api/tickets/123',
    method: 'PUT',
    body: validTicket,
    expect: [400, 404],
  },
  {
    name: 'tickets: update an unknown id',
    path: `/api/tickets/${unknownId}`,
    method: 'PUT',
    body: validTicket,
    expect: [404],
  },
  { name: 'tickets: update with an array body', path: ticketPath, method: 'PUT', body: [validTicket], expect: [400] },
  {
    name: 'tickets: update title {$ne: null}',
    path: ticketPath,
    method: 'PUT',
    body: { title: ne, price: 20 },
    expect: [400],
  },
  {
    name: 'tickets: update price {$gt: 0}',
    path: ticketPath,
    method: 'PUT',
    body: { title: 'Concert', price: { $gt: 0 } },
    expect: [400],
  },
  {
    name: 'tickets: update negative price',
    path: ticketPath,
    method: 'PUT',
    body: { title: 'Concert', price: -1 },
    expect: [400],
  },
  {
    name: 'tickets: update with a tampered cookie',
    path: ticketPath,
    method: 'PUT',
    as: 'tampered',
    body: validTicket,
    expect: [401],
  },
  { name: 'tickets: DELETE a ticket', path: ticketPath, method: 'DELETE', expect: [404, 405] },
  { name: 'tickets: PATCH a ticket', path: ticketPath, method: 'PATCH', body: validTicket, expect: [404, 405] },
  { name: 'tickets: POST to a ticket', path: ticketPath, method: 'POST', body: validTicket, expect: [404, 405] },
  {
    name: 'tickets: query operators in the list are ignored',
    path: '/api/tickets?userId[$ne]=x&price[$gt]=0',
    method: 'GET',
    expect: [200],
    check: (res) => expect(Array.isArray(res.json)).toBe(true),
  },
];

const catalogue: HostileCase[] = [...signupCases, ...signinCases, ...authRouteCases, ...createCases, ...ticketIdCases];

describe('hostile input through the router', () => {
  let e2e: E2eStack;
  let ctx: Context;
  /** Where the services' output stood when the catalogue started. */
  let logMark = 0;

  const counts = async () => ({
    users: await e2e.count('auth', 'users'),
    tickets: await e2e.count('tickets', 'tickets'),
  });

  const cookieFor = (who: Who): string | undefined => {
    if (who === 'anonymous') return undefined;
    if (who === 'tampered') return tamperSignature(ctx.owner.cookie);
    if (who === 'garbage') return 'session=%%not*base64{json';
    return ctx.owner.cookie;
  };

  beforeAll(async () => {
    e2e = await startE2eStack();
    const owner = await signup(e2e.api);
    ctx = { owner, ticket: await createTicket(e2e.api, owner.cookie, 'Target', 30) };
    logMark = e2e.logs.length;
  }, 300_000);

  afterAll(async () => {
    await e2e?.stop();
  }, 60_000);

  it('has at least 40 cases', () => {
    expect(catalogue.length).toBeGreaterThanOrEqual(40);
    expect(new Set(catalogue.map((c) => c.name)).size).toBe(catalogue.length);
  });

  it.each(catalogue.map((c) => [c.name, c] as const))('%s', async (_name, hostile) => {
    const before = await counts();
    const ticketBefore = (await e2e.api.get(ticketPath(ctx))).json;
    const body = typeof hostile.body === 'function' ? (hostile.body as (c: Context) => unknown)(ctx) : hostile.body;

    const res = await e2e.api.send({
      method: hostile.method ?? 'POST',
      path: typeof hostile.path === 'function' ? hostile.path(ctx) : hostile.path,
      body,
      headers: hostile.headers,
      cookie: cookieFor(hostile.as ?? 'owner'),
    });

    // Status and body together, so a failure shows what the service said.
    expect({
      status: res.status,
      allowed: hostile.expect.includes(res.status),
      body: res.text.slice(0, 300),
    }).toMatchObject({
      allowed: true,
    });
    if (res.status >= 400) expect(isErrorBody(res.json)).toBe(true);
    hostile.check?.(res, ctx);

    const after = await counts();
    expect(after).toEqual({
      users: before.users + (hostile.creates?.users ?? 0),
      tickets: before.tickets + (hostile.creates?.tickets ?? 0),
    });
    // A rejected update leaves the target ticket exactly as it was.
    expect((await e2e.api.get(ticketPath(ctx))).json).toEqual(ticketBefore);
  });

  it('leaves both services up and ready, with no unhandled errors logged', async () => {
    expect((await e2e.api.get('/api/users/readyz')).status).toBe(200);
    expect((await e2e.api.get('/api/tickets/readyz')).status).toBe(200);
    expect(e2e.stack.pid('auth')).toBeDefined();
    expect(e2e.stack.pid('tickets')).toBeDefined();
    // Rejecting bad input is routine: no error-level line (an unhandled error or a 5xx) while doing it.
    const errors = e2e.logs.slice(logMark).filter(({ line }) => /"level":(50|60)|Unhandled error/.test(line));
    expect(errors).toEqual([]);
  });
});
