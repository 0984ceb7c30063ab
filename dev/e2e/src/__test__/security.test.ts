import path from 'path';
import { MongoClient } from 'mongodb';
import { freePort, killServices, repoRoot, spawnService } from '@ticketing/toolkit';
import { errorMessages, httpClient, HttpClient, HttpResponse, isErrorBody } from '../test/http';
import {
  cookieForJwt,
  currentUserOf,
  forgeJwt,
  jwtOf,
  sessionCookie,
  sessionSetCookie,
  SignedInUser,
  signup,
  tamperSignature,
  uniqueEmail,
} from '../test/session';
import { E2eStack, startE2eStack } from '../test/stack';
import { createTicket, Ticket } from '../test/tickets';
import { setTimeout as sleep } from 'timers/promises';

// Production's limits with a 5-second window (and fewer signups), so a test can see a limit
// reached and then lifted without waiting 15 minutes.
const WINDOW_SECONDS = 5;
const SIGNUPS_PER_ADDRESS = 20;
const limitsEnv = {
  RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_SECONDS),
  SIGNUPS_PER_ADDRESS: String(SIGNUPS_PER_ADDRESS),
};

describe('security', () => {
  let e2e: E2eStack;
  /** Every response any test here received, to search for leaked secrets at the end. */
  const responses: HttpResponse[] = [];
  /** Every password any test here sent. */
  const passwords: string[] = [];
  /** Every JWT the services issued here. */
  const issuedJwts: string[] = [];
  let api: HttpClient;
  let owner: SignedInUser;
  let ticket: Ticket;

  const password = (label: string) => {
    const value = `pw-${label}-${Math.random().toString(36).slice(2, 10)}`;
    passwords.push(value);
    return value;
  };

  const newUser = async (label: string) => {
    const user = await signup(api, uniqueEmail(label), password(label));
    issuedJwts.push(jwtOf(user.cookie));
    return user;
  };

  beforeAll(async () => {
    e2e = await startE2eStack('none', limitsEnv);
    api = httpClient(e2e.api.baseUrl, (res) => responses.push(res));
    owner = await newUser('owner');
    ticket = await createTicket(api, owner.cookie, 'Secure concert', 40);
  }, 300_000);

  afterAll(async () => {
    await e2e?.stop();
  }, 60_000);

  describe('forged, expired and tampered sessions mean signed out', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const claims = () => ({ id: owner.id, email: owner.email, iat: now(), exp: now() + 3600 });

    const forgeries: [string, () => string][] = [
      ['alg none', () => cookieForJwt(forgeJwt(claims(), null))],
      [
        'alg none claiming HS256 with no signature',
        () => cookieForJwt(forgeJwt(claims(), null, { alg: 'HS256', typ: 'JWT' })),
      ],
      ['signed with the wrong key', () => cookieForJwt(forgeJwt(claims(), 'not-the-real-key'))],
      ['signed with an empty key', () => cookieForJwt(forgeJwt(claims(), ''))],
      [
        'payload edited to another user, signature kept',
        () => {
          const [header, , signature] = jwtOf(owner.cookie).split('.');
          const edited = Buffer.from(JSON.stringify({ ...claims(), id: '6650f0f0f0f0f0f0f0f0f0f0' })).toString(
            'base64url',
          );
          return cookieForJwt(`${header}.${edited}.${signature}`);
        },
      ],
      [
        'expired, though signed with the real key',
        () => cookieForJwt(forgeJwt({ ...claims(), iat: now() - 7200, exp: now() - 3600 }, e2e.jwtKey)),
      ],
      ['tampered signature', () => tamperSignature(owner.cookie)],
      ['cookie that is not base64 JSON', () => 'session=%7Bnot-json'],
      [
        'session holding a non-string jwt',
        () => `session=${Buffer.from(JSON.stringify({ jwt: { id: owner.id } })).toString('base64')}`,
      ],
    ];

    it('a token signed with the real key is accepted (so the forgeries below are refused for their flaw)', async () => {
      const cookie = cookieForJwt(forgeJwt(claims(), e2e.jwtKey));
      expect(await currentUserOf(api, cookie)).toMatchObject({ id: owner.id, email: owner.email });
    });

    it.each(forgeries)('%s: currentuser is null, creating and updating tickets is 401', async (_name, cookie) => {
      const forged = cookie();
      expect(await currentUserOf(api, forged)).toBeNull();

      const create = await api.post('/api/tickets', { title: 'Forged', price: 5 }, forged);
      expect(create.status).toBe(401);
      const update = await api.put(`/api/tickets/${ticket.id}`, { title: 'Forged', price: 5 }, forged);
      expect(update.status).toBe(401);
      expect((await api.get(`/api/tickets/${ticket.id}`)).json).toMatchObject({
        title: 'Secure concert',
        version: ticket.version,
      });
    });
  });

  it("a user cannot change another user's ticket", async () => {
    const intruder = await newUser('intruder');
    const res = await api.put(
      `/api/tickets/${ticket.id}`,
      { title: 'Stolen', price: 1, userId: intruder.id },
      intruder.cookie,
    );
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ errors: [{ message: 'Not authorized' }] });
    expect((await api.get(`/api/tickets/${ticket.id}`)).json).toEqual(ticket);
  });

  describe('session cookie attributes', () => {
    const attributes = (setCookie: string | undefined) =>
      (setCookie ?? '')
        .split(';')
        .slice(1)
        .map((part) => part.trim().toLowerCase());

    it('is httpOnly and sameSite=lax, and not secure over plain HTTP (the local stack must work)', async () => {
      const res = await api.post('/api/users/signup', { email: uniqueEmail('cookie'), password: password('cookie') });
      expect(res.status).toBe(201);
      const attrs = attributes(sessionSetCookie(res.headers));
      expect(attrs).toEqual(expect.arrayContaining(['httponly', 'samesite=lax', 'path=/']));
      expect(attrs).not.toContain('secure');
    });

    it('is secure on every HTTPS request: signup, signin and signout behind the trusted proxy', async () => {
      // The test plays the TLS-terminating proxy in front of auth (the role the Ingress has).
      const https = { 'X-Forwarded-Proto': 'https' };
      const auth = httpClient(e2e.stack.urls.auth, (res) => responses.push(res));
      const email = uniqueEmail('https');
      const pass = password('https');

      const signupRes = await auth.post('/api/users/signup', { email, password: pass }, undefined, https);
      const signinRes = await auth.post('/api/users/signin', { email, password: pass }, undefined, https);
      const signoutRes = await auth.post('/api/users/signout', {}, undefined, https);
      for (const res of [signupRes, signinRes, signoutRes]) {
        expect(res.status).toBeLessThan(300);
        expect(attributes(sessionSetCookie(res.headers))).toEqual(
          expect.arrayContaining(['secure', 'httponly', 'samesite=lax']),
        );
      }
    });

    it('cannot be made secure by a browser spoofing X-Forwarded-Proto through the router', async () => {
      // The router, like ingress-nginx, replaces client-sent forwarding headers with what it saw.
      const res = await api.post(
        '/api/users/signup',
        { email: uniqueEmail('spoof'), password: password('spoof') },
        undefined,
        { 'X-Forwarded-Proto': 'https' },
      );
      expect(res.status).toBe(201);
      expect(attributes(sessionSetCookie(res.headers))).not.toContain('secure');
    });
  });

  describe('abuse limits', () => {
    /** auth itself, as the ingress would reach it for a client at `address` (the last X-Forwarded-For entry). */
    const fromAddress = (address: string) => {
      const auth = httpClient(e2e.stack.urls.auth, (res) => responses.push(res));
      const headers = { 'X-Forwarded-For': address };
      return { post: (path: string, body: unknown) => auth.post(path, body, undefined, headers) };
    };

    const expectTooMany = (res: HttpResponse, message: string) => {
      expect(res.status).toBe(429);
      expect(isErrorBody(res.json)).toBe(true);
      expect(errorMessages(res.json)).toEqual([message]);
      const retryAfter = Number(res.headers['retry-after']);
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
      expect(res.headers['set-cookie']).toBeUndefined();
      return retryAfter;
    };

    it('30 failed signins for one email end in 429s; another user signs in; the owner elsewhere is not locked out; then all is normal again', async () => {
      const victim = await newUser('victim');
      const bystander = await newUser('other');

      const guesses: HttpResponse[] = [];
      for (let i = 0; i < 30; i += 1) {
        guesses.push(await api.post('/api/users/signin', { email: victim.email, password: password(`guess${i}`) }));
      }
      // The default: 10 failures per email and address in a window.
      const wrong = guesses.slice(0, 10);
      for (const res of wrong) {
        expect(res.status).toBe(400);
        expect(errorMessages(res.json)).toEqual(['Invalid credentials']);
      }
      const refused = guesses.slice(10);
      const retryAfter = Math.max(
        ...refused.map((res) => expectTooMany(res, 'Too many failed sign-ins for this email, try again later')),
      );

      // Even the right password is refused from the guessing address, so guessing learns nothing.
      expectTooMany(
        await api.post('/api/users/signin', { email: victim.email, password: victim.password }),
        'Too many failed sign-ins for this email, try again later',
      );
      // Another user behind the same address signs in normally.
      const other = await api.post('/api/users/signin', { email: bystander.email, password: bystander.password });
      expect(other.status).toBe(200);
      issuedJwts.push(jwtOf(sessionCookie(other.headers)));
      // The victim, from their own address, is not locked out by someone else's failures.
      const elsewhere = await fromAddress('198.51.100.23').post('/api/users/signin', {
        email: victim.email,
        password: victim.password,
      });
      expect(elsewhere.status).toBe(200);
      issuedJwts.push(jwtOf(sessionCookie(elsewhere.headers)));

      // After the window, the guessing address is treated like any other again.
      await sleep(retryAfter * 1000 + 200);
      const again = await api.post('/api/users/signin', { email: victim.email, password: victim.password });
      expect(again.status).toBe(200);
      issuedJwts.push(jwtOf(sessionCookie(again.headers)));
    });

    it('signups are limited per address, storing nothing past the limit; another address signs up; then all is normal again', async () => {
      const usersBefore = await e2e.count('auth', 'users');
      const burst = await Promise.all(
        Array.from({ length: SIGNUPS_PER_ADDRESS + 10 }, (_, i) =>
          api.post('/api/users/signup', { email: uniqueEmail(`burst${i}`), password: password(`burst${i}`) }),
        ),
      );
      const created = burst.filter((res) => res.status === 201);
      expect(created.length).toBeGreaterThan(0);
      expect(created.length).toBeLessThanOrEqual(SIGNUPS_PER_ADDRESS);
      const refused = burst.filter((res) => res.status !== 201);
      expect(refused.length).toBeGreaterThanOrEqual(10);
      const retryAfter = Math.max(
        ...refused.map((res) => expectTooMany(res, 'Too many signups from this address, try again later')),
      );
      expect(await e2e.count('auth', 'users')).toBe(usersBefore + created.length);

      const elsewhere = await fromAddress('203.0.113.77').post('/api/users/signup', {
        email: uniqueEmail('away'),
        password: password('away'),
      });
      expect(elsewhere.status).toBe(201);

      await sleep(retryAfter * 1000 + 200);
      await newUser('later');
    });

    it.each([
      ['auth', { MONGO_URI: 'mongodb://127.0.0.1:1/unused' }],
      [
        'tickets',
        {
          MONGO_URI: 'mongodb://127.0.0.1:1/unused',
          NATS_URL: 'nats://127.0.0.1:1',
          NATS_CLUSTER_ID: 'unused',
          NATS_CLIENT_ID: 'unused',
        },
      ],
    ])('%s refuses to start in production with a JWT_KEY under 32 bytes', async (service, env) => {
      const started = spawnService({
        dir: path.join(repoRoot, service),
        env: { ...env, NODE_ENV: 'production', JWT_KEY: 'x'.repeat(31), PORT: String(await freePort()) },
        unset: ['LOG_LEVEL'],
      });
      try {
        expect(await started.exited).toBe(1);
        expect(started.output()).toContain('JWT_KEY is 31 bytes');
        expect(started.output()).toContain('openssl rand -base64 32');
      } finally {
        await killServices();
      }
    });
  });

  describe('no secret leaks', () => {
    it('provokes the paths most likely to echo secrets', async () => {
      const user = await newUser('leak');
      // Non-ASCII, so it cannot turn up by chance inside a base64 cookie or a hex id.
      const tooShort = '§¶€';
      passwords.push(tooShort);
      // Wrong password, too-short/too-long passwords, a password inside malformed JSON, a duplicate.
      const tries = [
        api.post('/api/users/signin', { email: user.email, password: password('wrong') }),
        api.post('/api/users/signin', { email: uniqueEmail('nobody'), password: password('unknown') }),
        api.post('/api/users/signup', { email: uniqueEmail('short'), password: tooShort }),
        api.post('/api/users/signup', { email: uniqueEmail('long'), password: password('long').repeat(3) }),
        api.post('/api/users/signup', { email: 'not-an-email', password: password('bademail') }),
        api.post('/api/users/signup', `{"email": "x@test.com", "password": "${password('json')}", }`, undefined, {
          'Content-Type': 'application/json',
        }),
        api.post('/api/users/signup', { email: user.email, password: user.password }),
      ];
      const results = await Promise.all(tries);
      for (const res of results) expect(res.status).toBe(400);
      const signin = await api.post('/api/users/signin', { email: user.email, password: user.password });
      expect(signin.status).toBe(200);
      issuedJwts.push(jwtOf(sessionCookie(signin.headers)));
      expect(signin.json).toEqual({ id: user.id, email: user.email });
      expect(await currentUserOf(api, user.cookie)).toMatchObject({ id: user.id, email: user.email });
    });

    it('no response or log line contains a password, a stored hash or the JWT secret, and no log line a token', async () => {
      const mongo = new MongoClient(e2e.stack.urls.authMongo);
      let hashes: string[];
      try {
        const users = await mongo.db('auth').collection('users').find({}).toArray();
        hashes = users.map((u) => String(u.password));
      } finally {
        await mongo.close();
      }
      expect(hashes.length).toBeGreaterThan(0);
      // Stored as `<hash hex>.<salt hex>`: check the format, then search for each whole and each part.
      for (const hash of hashes) expect(hash).toMatch(/^[0-9a-f]{64,}\.[0-9a-f]{16,}$/);
      const hashParts = hashes.flatMap((hash) => [hash, ...hash.split('.')]);
      const anyHash = /[0-9a-f]{64,}\.[0-9a-f]{16,}/i;

      const responseTexts = responses.map((res) => `${JSON.stringify(res.headers)}\n${res.text}`);
      const logLines = e2e.logs.map(({ name, line }) => `[${name}] ${line}`);
      expect(logLines.length).toBeGreaterThan(0);
      expect(responseTexts.length).toBeGreaterThan(20);

      const leaks = (texts: string[], secrets: string[]) =>
        texts.flatMap((text) =>
          secrets.filter((secret) => text.includes(secret)).map((secret) => ({ secret, text: text.slice(0, 300) })),
        );

      const secrets = [...passwords, ...hashParts, e2e.jwtKey];
      expect(leaks(responseTexts, secrets)).toEqual([]);
      expect(leaks(logLines, secrets)).toEqual([]);
      expect(responseTexts.filter((text) => anyHash.test(text))).toEqual([]);
      expect(logLines.filter((line) => anyHash.test(line))).toEqual([]);
      // Session tokens are credentials too: logs redact cookies.
      expect(issuedJwts.length).toBeGreaterThan(2);
      expect(leaks(logLines, issuedJwts)).toEqual([]);
    });
  });
});
