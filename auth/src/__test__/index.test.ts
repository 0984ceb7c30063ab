import path from 'path';
import mongoose from 'mongoose';
import { freePort, jwtFromCookie, killServices, spawnService, startMongo, testDatabaseUri } from '@ticketing/toolkit';
import { setTimeout as sleep } from 'timers/promises';

const databases: string[] = [];

const startIndex = (env: Record<string, string>) =>
  spawnService({ dir: path.resolve(__dirname, '..', '..'), env, unset: ['JWT_KEY', 'MONGO_URI', 'LOG_LEVEL'] });

/** A fresh database on the test server, dropped after the test. */
const databaseUri = (): string => {
  const uri = testDatabaseUri();
  databases.push(uri.slice(uri.lastIndexOf('/') + 1));
  return uri;
};

const startServing = async (extraEnv: Record<string, string> = {}) => {
  const port = await freePort();
  const started = startIndex({
    JWT_KEY: 'index-test-key',
    PORT: String(port),
    ...extraEnv,
    MONGO_URI: extraEnv.MONGO_URI ?? databaseUri(),
  });
  await started.waitForOutput('auth listening');
  return { ...started, url: `http://127.0.0.1:${port}` };
};

// afterEach, not afterAll: the setup file's afterAll disconnects first.
afterEach(async () => {
  // A failed test may leave its service running.
  await killServices();
  for (const name of databases.splice(0)) {
    await mongoose.connection.getClient().db(name).dropDatabase();
  }
});

describe('start-up checks', () => {
  it.each([
    [['JWT_KEY'], { MONGO_URI: 'mongodb://127.0.0.1:1/unused' }],
    [['MONGO_URI'], { JWT_KEY: 'x' }],
    [['JWT_KEY', 'MONGO_URI'], {}],
  ])('exits 1 naming %j when missing', async (missing, env) => {
    const started = startIndex(env);
    expect(await started.exited).toBe(1);
    expect(started.output()).toContain(
      `Missing required environment variable${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`,
    );
  });

  it('exits 1 with a clear message when JWT_EXPIRES_IN is malformed', async () => {
    const started = startIndex({ JWT_KEY: 'x', MONGO_URI: 'mongodb://127.0.0.1:1/unused', JWT_EXPIRES_IN: '1 week' });
    expect(await started.exited).toBe(1);
    expect(started.output()).toContain('JWT_EXPIRES_IN must be');
  });

  it('exits 1 with a clear message when a limit is malformed', async () => {
    const started = startIndex({ JWT_KEY: 'x', MONGO_URI: 'mongodb://127.0.0.1:1/unused', HASH_QUEUE_LIMIT: 'lots' });
    expect(await started.exited).toBe(1);
    expect(started.output()).toContain('HASH_QUEUE_LIMIT must be a positive whole number');
  });

  it('exits 1 in production with a JWT_KEY shorter than 32 bytes, saying how to make one', async () => {
    const started = startIndex({ NODE_ENV: 'production', JWT_KEY: 'a', MONGO_URI: 'mongodb://127.0.0.1:1/unused' });
    expect(await started.exited).toBe(1);
    expect(started.output()).toContain('JWT_KEY is 1 bytes');
    expect(started.output()).toContain('openssl rand -base64 32');
  });
});

describe('a running server', () => {
  it('serves, builds the unique email index before serving, and exits 0 on SIGTERM', async () => {
    const server = await startServing();

    // Checked as soon as it serves, before any request.
    const [name] = databases;
    const indexes = await mongoose.connection.getClient().db(name).collection('users').indexes();
    expect(indexes).toEqual(expect.arrayContaining([expect.objectContaining({ key: { email: 1 }, unique: true })]));

    expect(await (await fetch(`${server.url}/api/users/healthz`)).json()).toEqual({ status: 'ok' });
    expect((await fetch(`${server.url}/api/users/readyz`)).status).toBe(200);

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('auth shutting down');
  });

  it('exits 0 on SIGINT', async () => {
    const server = await startServing();
    server.child.kill('SIGINT');
    expect(await server.exited).toBe(0);
  });

  it('logs one JSON line per request, without passwords or tokens', async () => {
    const server = await startServing({ LOG_LEVEL: 'info' });
    const password = 'Zq8-logged-never';
    const post = (route: string, body: string, cookie = '') =>
      fetch(`${server.url}${route}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Cookie: cookie },
        body,
      });

    const signup = await post('/api/users/signup', JSON.stringify({ email: 'log@test.com', password }));
    expect(signup.status).toBe(201);
    const cookie = signup.headers.get('set-cookie')!;
    const token = jwtFromCookie(cookie);
    expect((await post('/api/users/signin', JSON.stringify({ email: 'log@test.com', password }), cookie)).status).toBe(
      200,
    );
    expect((await post('/api/users/signin', `{"email": "log@test.com", "password": "${password}"`)).status).toBe(400);
    expect((await fetch(`${server.url}/api/users/currentuser`, { headers: { Cookie: cookie } })).status).toBe(200);

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);

    const output = server.output();
    expect(output).not.toContain(password);
    expect(output).not.toContain(token);
    expect(output).not.toContain(cookie.split(';')[0]);

    const lines = output
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { req?: { method: string; url: string } });
    const requests = lines.filter((line) => line.req).map(({ req }) => `${req!.method} ${req!.url}`);
    expect(requests).toEqual([
      'POST /api/users/signup',
      'POST /api/users/signin',
      'POST /api/users/signin',
      'GET /api/users/currentuser',
    ]);
  });

  it('turns not ready when MongoDB goes away, stays alive, and still exits 0 on SIGTERM', async () => {
    const mongo = await startMongo();
    try {
      const server = await startServing({ MONGO_URI: `${mongo.uri}/auth` });
      expect((await fetch(`${server.url}/api/users/readyz`)).status).toBe(200);

      await mongo.stop();
      // The driver notices on its next heartbeat.
      const deadline = Date.now() + 25_000;
      let ready = await fetch(`${server.url}/api/users/readyz`);
      while (ready.status === 200 && Date.now() < deadline) {
        await sleep(250);
        ready = await fetch(`${server.url}/api/users/readyz`);
      }
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ errors: [{ message: 'Not ready: mongo' }] });
      expect((await fetch(`${server.url}/api/users/healthz`)).status).toBe(200);

      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    } finally {
      await mongo.stop();
    }
  }, 60_000);
});
