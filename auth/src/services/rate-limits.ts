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

/**
 * Counts a signin attempt before its password is hashed, so parallel guesses are all counted;
 * signinSucceeded then forgives it. The email's counter is kept per client address too, so a
 * stranger failing signins with someone's email cannot lock them out. 429 when the address or
 * the email (from this address) has no failures left in the window.
 */
export const countSigninAttempt = async (email: string, ip: string | undefined): Promise<void> => {
  const { signinEmail, signinAddress } = limiters();
  const address = addressKey(ip);
  await take(signinAddress, address, 'Too many failed sign-ins from this address, try again later');
  try {
    await take(signinEmail, `${email}|${address}`, 'Too many failed sign-ins for this email, try again later');
  } catch (err) {
    // Refused for the email: not an attempt the address made.
    await signinAddress.reward(address);
    throw err;
  }
};

/**
 * A signin ended without a verdict on the password (the server was busy, the database down): it
 * is given back, so nobody uses up their failures on someone else's storm.
 */
export const signinUndecided = async (email: string, ip: string | undefined): Promise<void> => {
  const { signinEmail, signinAddress } = limiters();
  const address = addressKey(ip);
  await signinEmail.reward(`${email}|${address}`);
  await signinAddress.reward(address);
};

/** A signin succeeded: it was no failure, and the email's failures from this address are forgiven. */
export const signinSucceeded = async (email: string, ip: string | undefined): Promise<void> => {
  const { signinEmail, signinAddress } = limiters();
  const address = addressKey(ip);
  await signinEmail.delete(`${email}|${address}`);
  await signinAddress.reward(address);
};
