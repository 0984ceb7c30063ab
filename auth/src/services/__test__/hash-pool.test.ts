import { scryptSync } from 'crypto';
import fs from 'fs';
import { getPriority } from 'os';
import { logger, TooManyRequestsError } from '@ticketing/common';
import { closeHashPool, hashPassword, reportPriority } from '../hash-pool';
import { LOWEST_PRIORITY } from '../thread-priority';

// One thread and one waiting hash: the third hash asked for at once overflows.
process.env.HASH_CONCURRENCY = '1';
process.env.HASH_QUEUE_LIMIT = '1';

afterAll(closeHashPool);

/** The nice value of each of this process's threads, by thread id (Linux: field 19 of its stat). */
const threadNiceValues = (): Map<number, number> =>
  new Map(
    fs.readdirSync('/proc/self/task').map((tid) => {
      const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      return [Number(tid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])];
    }),
  );

it('computes the same key as scrypt with the given salt', async () => {
  const key = await hashPassword('password', 'salt', 64);
  expect(key).toBeInstanceOf(Buffer);
  expect(key.equals(scryptSync('password', 'salt', 64))).toBe(true);
});

const linux = fs.existsSync('/proc/thread-self');
(linux ? it : it.skip)(
  'hashes on a thread of the lowest priority and leaves the event loop thread at its own (Linux only)',
  async () => {
    const loopPriority = getPriority(process.pid);
    await hashPassword('password', 'salt', 64);
    const nice = threadNiceValues();
    expect([...nice.values()]).toContain(LOWEST_PRIORITY);
    expect(nice.get(process.pid)).toBe(loopPriority);
    expect(getPriority(process.pid)).toBe(loopPriority);
  },
);

it('refuses with a 429 at once past the queue limit, and hashes again once there is room', async () => {
  const running = hashPassword('a', 'salt', 64);
  const waiting = hashPassword('b', 'salt', 64);
  const refused = hashPassword('c', 'salt', 64);

  await expect(refused).rejects.toBeInstanceOf(TooManyRequestsError);
  await expect(refused).rejects.toMatchObject({ statusCode: 429, retryAfterSeconds: 1 });
  expect((await Promise.all([running, waiting])).map((key) => key.length)).toEqual([64, 64]);
  expect(await hashPassword('d', 'salt', 64)).toHaveLength(64);
});

it('passes a failing hash on as it is', async () => {
  await expect(hashPassword('password', 'salt', -1)).rejects.toThrow(/keylen/);
  expect(await hashPassword('password', 'salt', 64)).toHaveLength(64);
});

it('warns once, not per hash, when the threads run at normal priority', () => {
  const warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
  reportPriority(true);
  expect(warn).not.toHaveBeenCalled();
  reportPriority(false);
  reportPriority(false);
  expect(warn).toHaveBeenCalledTimes(1);
  expect(warn.mock.calls[0][0]).toMatch(/normal priority/);
  warn.mockRestore();
});
