import { spawn } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { groupAlive, processAlive as alive, spawnGroup, stopLeftovers } from '../process';

describe('pid files and leftovers', () => {
  let dir: string;
  const started: number[] = [];

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ticketing-pids-'));
  });

  afterEach(() => {
    for (const pid of started.splice(0)) if (alive(pid)) process.kill(pid, 'SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('records a running group and removes the record when it exits', async () => {
    const child = spawnGroup('sleep', ['30'], { stdio: 'ignore', pidFile: path.join(dir, 'sleeper.pid') });
    started.push(child.pid as number);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'sleeper.pid'), 'utf8'))).toMatchObject({
      pid: child.pid,
      command: 'sleep\u000030\u0000',
    });
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(fs.existsSync(path.join(dir, 'sleeper.pid'))).toBe(false);
  });

  it('stops a group its pid file names, as a run killed outright leaves it', async () => {
    // Unref'd and forgotten: stands for a child whose parent died without stopping it.
    const child = spawnGroup('sleep', ['30'], { stdio: 'ignore', pidFile: path.join(dir, 'nats', 'nats.pid') });
    child.unref();
    const pid = child.pid as number;
    started.push(pid);
    expect(await stopLeftovers(dir)).toEqual([`nats (pid ${pid})`]);
    expect(groupAlive(pid)).toBe(false);
    expect(fs.readdirSync(path.join(dir, 'nats'))).toEqual([]);
  });

  it('never touches a process it did not start, even one that now has a recorded pid', async () => {
    const stranger = spawn('sleep', ['30'], { stdio: 'ignore' });
    const pid = stranger.pid as number;
    started.push(pid);
    // Same pid, another process: what a reused pid looks like.
    fs.writeFileSync(path.join(dir, 'old.pid'), JSON.stringify({ pid, started: '1', command: 'sleep\u000030\u0000' }));
    fs.writeFileSync(path.join(dir, 'garbage.pid'), 'not json');
    expect(await stopLeftovers(dir)).toEqual([]);
    expect(alive(pid)).toBe(true);
    // Stale records are cleared so the next run does not look again.
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
