import path from 'path';
import mongoose from 'mongoose';
import { killServices, spawnService } from '../testing/service-process';
import { jwtFromCookie, sessionCookie } from '../testing/session-cookie';
import { useTestDatabase, withDatabaseDisconnected } from '../testing/test-database';

const fixture = path.join(__dirname, 'fixtures', 'service');

describe('sessionCookie', () => {
  it('builds the cookie cookie-session reads, and jwtFromCookie reads it back', () => {
    const cookie = sessionCookie('a.b.c');
    expect(cookie).toBe(`session=${Buffer.from('{"jwt":"a.b.c"}').toString('base64')}`);
    expect(jwtFromCookie(cookie)).toBe('a.b.c');
    expect(jwtFromCookie([`${cookie}; path=/; httponly`])).toBe('a.b.c');
  });
});

describe('spawnService', () => {
  afterEach(() => killServices());

  it('runs src/index.ts with the env given, minus what it unsets, and reports output and exit code', async () => {
    process.env.GREETING = 'inherited';
    const service = spawnService({ dir: fixture, env: {}, unset: ['GREETING'] });
    delete process.env.GREETING;
    await service.waitForOutput('fixture listening');
    expect(service.output()).toContain('GREETING=unset');
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(3);
    expect(service.output()).toContain('fixture shutting down');
  });

  it('rejects waitForOutput with the output when the process exits first', async () => {
    const service = spawnService({ dir: fixture, env: { EXIT_NOW: '1' } });
    await expect(service.waitForOutput('fixture listening')).rejects.toThrow(/exited \(1\)[\s\S]*giving up/);
  });

  it('kills what is still running', async () => {
    const service = spawnService({ dir: fixture, env: { GREETING: 'hello' } });
    await service.waitForOutput('GREETING=hello');
    await killServices();
    expect(await service.exited).toBeNull();
    expect(service.child.signalCode).toBe('SIGKILL');
  });
});

describe('useTestDatabase', () => {
  useTestDatabase(mongoose);
  const things = () => mongoose.connection.db!.collection('things');

  it('connects to a database of its own', async () => {
    expect(mongoose.connection.name).toMatch(/^test_/);
    await things().insertOne({ n: 1 });
  });

  it('empties the collections before each test', async () => {
    expect(await things().countDocuments()).toBe(0);
  });

  describe('withDatabaseDisconnected', () => {
    withDatabaseDisconnected(mongoose, 200);

    it('disconnects for the block (and the clearing before each test does not fail)', async () => {
      expect(mongoose.connection.readyState).toBe(mongoose.ConnectionStates.disconnected);
      await expect(mongoose.connection.collection('things').countDocuments()).rejects.toThrow();
    });
  });

  it('reconnects to the same database after the block', async () => {
    expect(mongoose.connection.readyState).toBe(mongoose.ConnectionStates.connected);
    expect(mongoose.connection.name).toMatch(/^test_/);
    await things().insertOne({ n: 2 });
  });
});
