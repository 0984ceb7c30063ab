import { TooManyRequestsError } from '@ticketing/common';
import { HashSlots } from '../hash-slots';

/** A task that finishes when told to, recording when it started. */
const controllable = (started: string[], name: string) => {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { task: () => (started.push(name), done.then(() => name)), finish: () => finish() };
};

const flush = () => new Promise((resolve) => setImmediate(resolve));

it('runs at most `concurrency` tasks at once and the waiting ones in order', async () => {
  const slots = new HashSlots(2, 10);
  const started: string[] = [];
  const tasks = ['a', 'b', 'c', 'd'].map((name) => controllable(started, name));
  const results = tasks.map(({ task }) => slots.run(task));
  await flush();
  expect(started).toEqual(['a', 'b']);

  tasks[1].finish();
  await flush();
  expect(started).toEqual(['a', 'b', 'c']);
  tasks[0].finish();
  await flush();
  expect(started).toEqual(['a', 'b', 'c', 'd']);
  tasks[2].finish();
  tasks[3].finish();
  expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd']);
});

it('refuses with a 429 at once when the queue is full, and takes tasks again when it has room', async () => {
  const slots = new HashSlots(1, 1);
  const started: string[] = [];
  const running = controllable(started, 'running');
  const waiting = controllable(started, 'waiting');
  const first = slots.run(running.task);
  const second = slots.run(waiting.task);

  const refused = slots.run(() => Promise.resolve('never'));
  await expect(refused).rejects.toBeInstanceOf(TooManyRequestsError);
  await expect(refused).rejects.toMatchObject({ statusCode: 429, retryAfterSeconds: 1 });

  running.finish();
  waiting.finish();
  expect(await Promise.all([first, second])).toEqual(['running', 'waiting']);
  expect(await slots.run(() => Promise.resolve('again'))).toBe('again');
});

it('frees the slot when a task fails', async () => {
  const slots = new HashSlots(1, 0);
  await expect(slots.run(() => Promise.reject(new Error('scrypt failed')))).rejects.toThrow('scrypt failed');
  expect(await slots.run(() => Promise.resolve('next'))).toBe('next');
});
