import jwt from 'jsonwebtoken';
import mongoose from 'mongoose';
import { sessionCookie } from '@ticketing/toolkit';

/** A fresh user id, as the auth service would issue. */
export const newUserId = (): string => new mongoose.Types.ObjectId().toHexString();

/**
 * The session cookie of a signed-in user, built directly from a JWT as in the course
 * (the tickets service has no signup route to go through). A new user each call unless `id` is given.
 */
export const signin = (id = newUserId()): string[] => [
  sessionCookie(jwt.sign({ id, email: 'test@test.com' }, process.env.JWT_KEY!)),
];
