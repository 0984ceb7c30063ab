import { ipKeyGenerator } from 'express-rate-limit';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { TooManyRequestsError } from '@ticketing/common';
import { authLimits } from '../limits';

/** The counters of the service, in this process's memory, made from the limits on first use. */
interface Limiters {
  /** Failed signins per email and client address. */
  signinEmail: RateLimiterMemory;
  /** Failed signins per client address. */
  signinAddress: RateLimiterMemory;
  /** Signup attempts per client address. */
  signupAddress: RateLimiterMemory;
}

let made: Limiters | undefined;

const limiters = (): Limiters => {
  if (!made) {
    const {
      windowSeconds: duration,
      signinFailuresPerEmail,
      signinFailuresPerAddress,
      signupsPerAddress,
    } = authLimits();
    made = {
      signinEmail: new RateLimiterMemory({ keyPrefix: 'signin-email', points: signinFailuresPerEmail, duration }),
      signinAddress: new RateLimiterMemory({ keyPrefix: 'signin-address', points: signinFailuresPerAddress, duration }),
      signupAddress: new RateLimiterMemory({ keyPrefix: 'signup-address', points: signupsPerAddress, duration }),
    };
  }
  return made;
};

/**
 * The client address a limit counts against: req.ip (the address the ingress saw, see
 * `trust proxy` in createApp), with IPv6 grouped by /56 (express-rate-limit's ipKeyGenerator),
 * as one household or host can hold a whole such block.
 */
const addressKey = (ip: string | undefined): string => ipKeyGenerator(ip ?? 'unknown');

/** Takes one point from `key`, or refuses with a 429 saying when to come back. */
const take = async (limiter: RateLimiterMemory, key: string, message: string): Promise<void> => {
  try {
    await limiter.consume(key);
  } catch (res) {
    if (!(res instanceof RateLimiterRes)) throw res;
    throw new TooManyRequestsError(message, res.msBeforeNext / 1000);
  }
};

/** Counts a signup attempt from `ip`, whatever its outcome; 429 past the limit. */
export const countSignupAttempt = (ip: string | undefined): Promise<void> =>
  take(limiters().signupAddress, addressKey(ip), 'Too many signups from this address, try again later');

const tooManyForEmail = 'Too many failed sign-ins for this email, try again later';
const emailKey = (email: string, address: string) => `${email}|${address}`;

/**
 * Before a signin's password is hashed: 429 when the email (from this address) has used up its
 * failures, or the address has. The address's point is taken now, so a burst of parallel guesses
 * is capped by the address's limit; the email's is taken only on a wrong password (signinFailed),
 * so a burst of right ones (a benchmark, an office signing in at 9) is never refused. The email's
 * counter is kept per client address, so a stranger failing signins with someone's email
 * cannot lock them out.
 */
export const countSigninAttempt = async (email: string, ip: string | undefined): Promise<void> => {
  const { signinEmail, signinAddress } = limiters();
  const address = addressKey(ip);
  const failures = await signinEmail.get(emailKey(email, address));
  if (failures && failures.consumedPoints >= signinEmail.points) {
    throw new TooManyRequestsError(tooManyForEmail, failures.msBeforeNext / 1000);
  }
  await take(signinAddress, address, 'Too many failed sign-ins from this address, try again later');
};

/** A signin's password was wrong (or its email unknown): one failure for the email from this address. */
export const signinFailed = async (email: string, ip: string | undefined): Promise<void> => {
  try {
    await limiters().signinEmail.consume(emailKey(email, addressKey(ip)));
  } catch (res) {
    // Already past the limit (parallel failures): the counter is what matters, not this answer.
    if (!(res instanceof RateLimiterRes)) throw res;
  }
};

/**
 * A signin ended without a verdict on the password (the server was busy, the database down): the
 * address's point is given back, so nobody uses up their failures on someone else's storm.
 */
export const signinUndecided = async (ip: string | undefined): Promise<void> => {
  await limiters().signinAddress.reward(addressKey(ip));
};

/** A signin succeeded: it was no failure, and the email's failures from this address are forgiven. */
export const signinSucceeded = async (email: string, ip: string | undefined): Promise<void> => {
  const { signinEmail, signinAddress } = limiters();
  const address = addressKey(ip);
  await signinEmail.delete(emailKey(email, address));
  await signinAddress.reward(address);
};
