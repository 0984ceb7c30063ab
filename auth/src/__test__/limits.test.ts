import { availableParallelism } from 'os';

const names = [
  'RATE_LIMIT_WINDOW_SECONDS',
  'SIGNIN_FAILURES_PER_EMAIL',
  'SIGNIN_FAILURES_PER_ADDRESS',
  'SIGNUPS_PER_ADDRESS',
  'HASH_CONCURRENCY',
  'HASH_QUEUE_LIMIT',
];

/** authLimits from a fresh module, as a new process would read it. */
const readLimits = () => {
  let limits: unknown;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- isolateModules re-reads only what is required inside it
    limits = (require('../limits') as typeof import('../limits')).authLimits();
  });
  return limits;
};

beforeEach(() => {
  for (const name of names) delete process.env[name];
});

it('has production defaults', () => {
  expect(readLimits()).toEqual({
    windowSeconds: 900,
    signinFailuresPerEmail: 10,
    signinFailuresPerAddress: 100,
    signupsPerAddress: 100,
    hashConcurrency: availableParallelism(),
    hashQueueLimit: 100,
  });
});

it('takes each limit from its variable', () => {
  names.forEach((name, i) => (process.env[name] = String(i + 1)));
  expect(Object.values(readLimits() as object)).toEqual([1, 2, 3, 4, 5, 6]);
});

it.each(['0', '-1', '1.5', 'ten', '1e400'])('refuses %p, naming the variable', (value) => {
  process.env.SIGNUPS_PER_ADDRESS = value;
  expect(readLimits).toThrow(`SIGNUPS_PER_ADDRESS must be a positive whole number; got "${value}"`);
});
