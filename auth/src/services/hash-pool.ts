import path from 'path';
import { pathToFileURL } from 'url';
import { Piscina } from 'piscina';
import { logger, TooManyRequestsError } from '@ticketing/common';
import { authLimits } from '../limits';
import type { HashResult, HashTask } from './hash-worker';

// Piscina's refusal when its queue is full (it exports no error class or code for it).
const QUEUE_FULL = 'Task queue is at limit';

// From source (tests, `npm run dev`, the bench) a worker loads hash-worker.ts through tsx, the
// repository's TypeScript runner; the built service loads hash-worker.js and needs nothing.
const extension = path.extname(__filename);
const fromSourceArgs = extension === '.ts' ? ['--import', pathToFileURL(require.resolve('tsx')).href] : undefined;

let pool: Piscina<HashTask, HashResult> | undefined;
let warned = false;

/**
 * HASH_CONCURRENCY threads, made on first use from the limits. A hash that finds them all busy waits
 * in order; past HASH_QUEUE_LIMIT waiting, it is refused.
 */
const hashPool = (): Piscina<HashTask, HashResult> => {
  if (!pool) {
    const { hashConcurrency, hashQueueLimit } = authLimits();
    pool = new Piscina<HashTask, HashResult>({
      filename: path.join(__dirname, `hash-worker${extension}`),
      minThreads: hashConcurrency,
      maxThreads: hashConcurrency,
      maxQueue: hashQueueLimit,
      execArgv: fromSourceArgs,
    });
  }
  return pool;
};

/** Says once, when the threads run at normal priority, that hashing now competes with requests. */
export const reportPriority = (lowered: boolean): void => {
  if (lowered || warned) return;
  warned = true;
  logger.warn(
    "Password hashes run at normal priority (this system cannot lower a thread's): a signin storm slows other requests more",
  );
};

/**
 * scrypt, the one way the service hashes a password: on the hash pool's threads, which run at the
 * lowest scheduling priority, so the event loop takes a core whenever it has requests to serve
 * while the hashes still use every idle one. A flood of signins queues (bounded) or is refused with
 * a 429 instead of slowing the requests that need no hash, such as currentuser.
 */
export const hashPassword = async (password: string, salt: string, keyLength: number): Promise<Buffer> => {
  const result = await hashPool()
    .run({ password, salt, keyLength })
    .catch((err: unknown) => {
      if (err instanceof Error && err.message === QUEUE_FULL) {
        throw new TooManyRequestsError('The server is busy, try again shortly', 1);
      }
      throw err;
    });
  reportPriority(result.lowered);
  return Buffer.from(result.key.buffer, result.key.byteOffset, result.key.byteLength);
};

/** Ends the pool's threads (tests; a service exits with its process). */
export const closeHashPool = async (): Promise<void> => {
  await pool?.destroy();
  pool = undefined;
};
