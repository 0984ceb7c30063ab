import express, { Request, Response } from 'express';
import { BadRequestError, emailField, suppliedPasswordField, validateRequest } from '@ticketing/common';
import { User, UserDoc } from '../models/user';
import { Password } from '../services/password';
import { countSigninAttempt, signinSucceeded, signinUndecided } from '../services/rate-limits';
import { createUserJwt } from '../services/user-jwt';

const router = express.Router();

// Compared against when the email is unknown, so that answer takes as long as a wrong
// password and response times do not reveal which emails have accounts.
// Made on first use, not at import: hashing reads the limits, and a malformed one must fail start-up cleanly.
let unknownUserHash: Promise<string> | undefined;

router.post(
  '/api/users/signin',
  [emailField, suppliedPasswordField],
  validateRequest,
  async (req: Request, res: Response) => {
    const { email, password } = req.body as { email: string; password: string };

    await countSigninAttempt(email, req.ip);
    let existingUser: UserDoc | null;
    let passwordsMatch: boolean;
    try {
      existingUser = await User.findOne({ email });
      const storedHash =
        existingUser?.password ?? (await (unknownUserHash ??= Password.toHash('no account has this password')));
      passwordsMatch = await Password.compare(storedHash, password);
    } catch (err) {
      await signinUndecided(email, req.ip);
      throw err;
    }
    if (!existingUser || !passwordsMatch) {
      throw new BadRequestError('Invalid credentials');
    }
    await signinSucceeded(email, req.ip);

    req.session = { jwt: createUserJwt({ id: existingUser.id, email: existingUser.email }) };
    res.status(200).send(existingUser);
  },
);

export { router as signinRouter };
