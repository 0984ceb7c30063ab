import { KeyedLock } from '../keyed-lock';
import { setTimeout as sleep } from 'timers/promises';

/** Keys with a task queued or running: internal state, read here to show the lock does not grow with every key. */
const heldKeys = (lock: KeyedLock) => (lock as unknown as { tails: Map<string, unknown> }).tails.size;

it('runs tasks on one key one at a time, in call order, even when one fails', async () => {
  const lock = new KeyedLock();
  const log: string[] = [];
  const task =
    (name: string, ms: number, fail = false) =>
    async () => {
      log.push(`start ${name}`);
      await sleep(ms);
      log.push(`end ${name}`);
      if (fail) throw new Error(name);
      return name;
    };

  const results = await Promise.allSettled([
    lock.run('a', task('1', 30)),
    lock.run('a', task('2', 10, true)),
    lock.run('a', task('3', 1)),
  ]);

  expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
    '1',
    '2',
    '3',
  ]);
});

it('runs tasks on different keys concurrently and forgets idle keys', async () => {
  const lock = new KeyedLock();
  const log: string[] = [];
  const task = (name: string, ms: number) => async () => {
    log.push(`start ${name}`);
    await sleep(ms);
    log.push(`end ${name}`);
  };

  const running = Promise.all([lock.run('a', task('a', 30)), lock.run('b', task('b', 10))]);
  expect(heldKeys(lock)).toBe(2);
  await running;
  expect(log).toEqual(['start a', 'start b', 'end b', 'end a']);
  await sleep(0);
  expect(heldKeys(lock)).toBe(0);
});
