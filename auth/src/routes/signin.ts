import express, { Request, Response } from 'express';
import { BadRequestError, emailField, suppliedPasswordField, validateRequest } from '@ticketing/common';
import { User } from '../models/user';
import { Password } from '../services/password';
import { createUserJwt } from '../services/user-jwt';

const router = express.Router();

// Compared against when the email is unknown, so that answer takes as long as a wrong
// password and response times do not reveal which emails have accounts.
const unknownUserHash = Password.toHash('no account has this password');

router.post(
  '/api/users/signin',
  [emailField, suppliedPasswordField],
  validateRequest,
  async (req: Request, res: Response) => {
    const { email, password } = req.body as { email: string; password: string };

    const existingUser = await User.findOne({ email });
    const passwordsMatch = await Password.compare(existingUser?.password ?? (await unknownUserHash), password);
    if (!existingUser || !passwordsMatch) {
      throw new BadRequestError('Invalid credentials');
    }

    req.session = { jwt: createUserJwt({ id: existingUser.id, email: existingUser.email }) };
    res.status(200).send(existingUser);
  },
);

export { router as signinRouter };
