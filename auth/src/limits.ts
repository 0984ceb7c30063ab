import { availableParallelism } from 'os';

/**
 * Every abuse limit of the auth service, in one place. The defaults are for production; each
 * can be changed with the environment variable named beside it. All counters live in this
 * process's memory, so with several replicas each limit applies per replica.
 */
export interface AuthLimits {
  /** RATE_LIMIT_WINDOW_SECONDS: how long a counter lasts from its first count. */
  windowSeconds: number;
  /** SIGNIN_FAILURES_PER_EMAIL: failed signins for one email from one client address, per window. */
  signinFailuresPerEmail: number;
  /** SIGNIN_FAILURES_PER_ADDRESS: failed signins from one client address, any emails, per window. */
  signinFailuresPerAddress: number;
  /** SIGNUPS_PER_ADDRESS: signup attempts from one client address, per window. */
  signupsPerAddress: number;
  /** HASH_CONCURRENCY: password hashes (scrypt) running at once; default one per CPU. */
  hashConcurrency: number;
  /** HASH_QUEUE_LIMIT: hashes allowed to wait for a free slot; past that, 429. */
  hashQueueLimit: number;
}

const positiveInteger = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new Error(`${name} must be a positive whole number; got "${raw}"`);
  }
  return value;
};

let cached: AuthLimits | undefined;

/** The limits, read from the environment once (index.ts reads them at start-up to fail early). */
export const authLimits = (): AuthLimits =>
  (cached ??= {
    windowSeconds: positiveInteger('RATE_LIMIT_WINDOW_SECONDS', 15 * 60),
    signinFailuresPerEmail: positiveInteger('SIGNIN_FAILURES_PER_EMAIL', 10),
    signinFailuresPerAddress: positiveInteger('SIGNIN_FAILURES_PER_ADDRESS', 100),
    signupsPerAddress: positiveInteger('SIGNUPS_PER_ADDRESS', 100),
    hashConcurrency: positiveInteger('HASH_CONCURRENCY', availableParallelism()),
    hashQueueLimit: positiveInteger('HASH_QUEUE_LIMIT', 100),
  });
