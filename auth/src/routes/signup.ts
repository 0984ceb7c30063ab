import express, { Request, Response } from 'express';
import mongoose from 'mongoose';
import { BadRequestError, emailField, passwordField, validateRequest } from '@ticketing/common';
import { User } from '../models/user';
import { countSignupAttempt } from '../services/rate-limits';
import { createUserJwt } from '../services/user-jwt';

const router = express.Router();

const DUPLICATE_KEY = 11000;

router.post('/api/users/signup', [emailField, passwordField], validateRequest, async (req: Request, res: Response) => {
  const { email, password } = req.body as { email: string; password: string };

  await countSignupAttempt(req.ip);

  const existingUser = await User.findOne({ email });
  if (existingUser) {
    throw new BadRequestError('Email in use');
  }

  const user = User.build({ email, password });
  try {
    await user.save();
  } catch (err) {
    // A concurrent signup with the same email got past findOne too; the unique index stops the second.
    if (err instanceof mongoose.mongo.MongoServerError && err.code === DUPLICATE_KEY) {
      throw new BadRequestError('Email in use');
    }
    throw err;
  }

  req.session = { jwt: createUserJwt({ id: user.id, email: user.email }) };
  res.status(201).send(user);
});

export { router as signupRouter };
