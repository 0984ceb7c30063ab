import { Request, Response } from 'express';
import { BadRequestError, emailField, suppliedPasswordField, validateRequest, AddRoutes } from '@ticketing/common';
import { User, UserDoc } from '../models/user';
import { Password } from '../services/password';
import { countSigninAttempt, signinFailed, signinSucceeded, signinUndecided } from '../services/rate-limits';
import { createUserJwt } from '../services/user-jwt';

let unknownUserHashMade: Promise<string> | undefined;

// Compared against when the email is unknown, so that answer takes as long as a wrong
// password and response times do not reveal which emails have accounts. Made on first use, not
// at import (hashing reads the limits, and a malformed one must fail start-up cleanly), and made
// again if making it failed (the hash queue was full).
const unknownUserHash = (): Promise<string> =>
  (unknownUserHashMade ??= Password.toHash('no account has this password').catch((err: unknown) => {
    unknownUserHashMade = undefined;
    throw err;
  }));

/** The user these credentials are right for, or null. */
const verifyCredentials = async (email: string, password: string): Promise<UserDoc | null> => {
  const user = await User.findOne({ email });
  const passwordsMatch = await Password.compare(user?.password ?? (await unknownUserHash()), password);
  return user && passwordsMatch ? user : null;
};

export const addSigninRoute: AddRoutes = (router) => {
  router.post(
    '/api/users/signin',
    [emailField, suppliedPasswordField],
    validateRequest,
    async (req: Request, res: Response) => {
      const { email, password } = req.body as { email: string; password: string };

      await countSigninAttempt(email, req.ip);
      const user = await verifyCredentials(email, password).catch(async (err: unknown) => {
        await signinUndecided(req.ip);
        throw err;
      });
      if (!user) {
        await signinFailed(email, req.ip);
        throw new BadRequestError('Invalid credentials');
      }
      await signinSucceeded(email, req.ip);

      req.session = { jwt: createUserJwt({ id: user.id, email: user.email }) };
      res.status(200).send(user);
    },
  );
};
