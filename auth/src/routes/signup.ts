import { Request, Response } from 'express';
import mongoose from 'mongoose';
import { BadRequestError, emailField, passwordField, validateRequest, AddRoutes } from '@ticketing/common';
import { User } from '../models/user';
import { countSignupAttempt } from '../services/rate-limits';
import { createUserJwt } from '../services/user-jwt';

const DUPLICATE_KEY = 11000;

export const addSignupRoute: AddRoutes = (router) => {
  router.post(
    '/api/users/signup',
    [emailField, passwordField],
    validateRequest,
    async (req: Request, res: Response) => {
      const { email, password } = req.body as { email: string; password: string };
      await countSignupAttempt(req.ip);

      const user = User.build({ email, password });
      try {
        await user.save();
      } catch (err) {
        // The unique email index is the one check, for a taken email and for two concurrent signups alike:
        // a find-first check could not stop the second of two racing requests.
        if (err instanceof mongoose.mongo.MongoServerError && err.code === DUPLICATE_KEY) {
          throw new BadRequestError('Email in use');
        }
        throw err;
      }

      req.session = { jwt: createUserJwt({ id: user.id, email: user.email }) };
      res.status(201).send(user);
    },
  );
};
