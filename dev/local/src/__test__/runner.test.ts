import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import { cacheDir, processAlive as alive, repoRoot } from '@ticketing/toolkit';
import { eventually, recordedPids, useRunner } from './fixtures/runner';

// The runner as `npm run dev` runs it, crashed and killed on purpose (issue 17), and its first-run
// output (issue 16). Each start runs two databases, NATS Streaming, auth and tickets.
jest.setTimeout(180_000);

describe('the dev runner', () => {
  const dev = useRunner();
  const { api, start, stop } = dev;

  it('stops every child when it crashes, and starts again on the same data', async () => {
    const first = await start();
    const pids = recordedPids(dev.config.dataDir);
    // Two databases, NATS Streaming, auth and tickets.
    expect(pids).toHaveLength(5);
    expect((await api('/api/users/signup', { email: 'crash@test.com', password: 'password1' })).status).toBe(201);

    first.child.kill('SIGUSR2');
    expect((await first.exited).code).toBe(1);
    expect(first.output()).toContain('[dev] unexpected error, stopping everything: Error: a bug in the runner (test)');
    await eventually(() => pids.every((pid) => !alive(pid)), 'every child to be gone');

    const second = await start();
    expect((await api('/api/users/signin', { email: 'crash@test.com', password: 'password1' })).status).toBe(200);
    await stop(second);
    expect(pids.concat(recordedPids(dev.config.dataDir)).filter(alive)).toEqual([]);
  });

  it('after a kill -9, the next start stops what the killed run left and starts cleanly', async () => {
    const first = await start();
    const pids = recordedPids(dev.config.dataDir);
    expect((await api('/api/users/signup', { email: 'kill@test.com', password: 'password1' })).status).toBe(201);

    first.child.kill('SIGKILL');
    await first.exited;
    // Nothing could stop them: they still hold the ports, as after a real kill -9.
    expect(pids.filter(alive)).toHaveLength(5);

    const second = await start();
    expect(second.output()).toMatch(/\[dev\] stopped nats-streaming \(pid \d+\), left running by an earlier run/);
    expect(pids.filter(alive)).toEqual([]);
    expect((await api('/api/users/signin', { email: 'kill@test.com', password: 'password1' })).status).toBe(200);
    await stop(second);
  });

  it('restarts the services within 10 s of an edit under common/src, loading common from its source', async () => {
    dev.config.watch = true;
    const runner = await start();
    const probe = path.join(repoRoot, 'common', 'src', `runner-test-probe-${path.basename(dev.config.dataDir)}.ts`);
    const restarted = (name: string) =>
      runner.output().includes(`[dev] ${name}: ${path.basename(probe)} changed, restarting`);
    try {
      const edited = Date.now();
      fs.writeFileSync(probe, 'export {};\n');
      await eventually(() => restarted('auth') && restarted('tickets'), 'both services to restart', 10_000);
      await eventually(
        async () =>
          (await api('/api/users/currentuser').catch(() => undefined))?.status === 200 &&
          (await api('/api/tickets').catch(() => undefined))?.status === 200,
        'both services to serve again',
        10_000,
      );
      expect(Date.now() - edited).toBeLessThan(10_000);
    } finally {
      fs.rmSync(probe, { force: true });
    }
    // The services run common's TypeScript source (an edit needs no build to take effect).
    const { pid } = JSON.parse(fs.readFileSync(path.join(dev.config.dataDir, 'auth.pid'), 'utf8')) as { pid: number };
    const environ = fs.readFileSync(`/proc/${pid}/environ`, 'utf8');
    expect(environ).toContain('TSX_TSCONFIG_PATH=');
    await stop(runner);
  });

  it('refuses a port something else holds with one clear line, and starts nothing', async () => {
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(dev.config.ports.nats as number, '127.0.0.1', resolve));
    try {
      const runner = dev.spawn();
      expect((await runner.exited).code).toBe(1);
      expect(runner.output()).toContain(
        `[dev] Port ${dev.config.ports.nats} (NATS Streaming) is already in use: stop what uses it or choose another port`,
      );
      expect(runner.output()).not.toMatch(/\n\s+at /);
      expect(squatter.listening).toBe(true);
    } finally {
      squatter.close();
    }
  });

  it('prints no stack trace on a first run where mongod cannot be downloaded, and one line saying why', async () => {
    // A fresh cache, as on a new clone, but with the servers already built (building takes minutes).
    const freshCache = fs.mkdtempSync(path.join(os.tmpdir(), 'ticketing-cache-'));
    fs.symlinkSync(path.join(cacheDir, 'bin'), path.join(freshCache, 'bin'));
    try {
      // Wherever the test runs, the download fails (nothing listens on port 9) and nothing was downloaded before.
      const runner = await start({
        TICKETING_CACHE_DIR: freshCache,
        MONGOMS_DOWNLOAD_MIRROR: 'http://127.0.0.1:9',
        MONGOMS_DOWNLOAD_DIR: path.join(freshCache, 'mongodb-binaries'),
      });
      const output = runner.output();
      // Neither a printed stack nor one inside a JSON log line.
      expect(output).not.toMatch(/(\n|\\n)\s+at /);
      const notices = output.split('\n').filter((line) => /\bmongod\b/.test(line));
      // Tried once although two databases start in parallel; one line says what is used instead.
      expect(notices).toEqual([
        expect.stringMatching(/^\[servers\] mongod could not be downloaded \(.+\): using FerretDB/),
      ]);
      expect(fs.existsSync(path.join(freshCache, 'mongod-unavailable'))).toBe(true);
      await stop(runner);
    } finally {
      fs.rmSync(freshCache, { recursive: true, force: true });
    }
  });
});
