import { NextFunction, Request, Response } from 'express';
import jwt from 'jsonwebtoken';
import { jwtKey } from '../service/jwt-key';

export interface UserPayload {
  id: string;
  email: string;
  iat?: number;
  exp?: number;
}

// Express's documented way to type a property its middlewares add to every request.
declare module 'express-serve-static-core' {
  interface Request {
    currentUser?: UserPayload;
  }
}

const isUserPayload = (value: unknown): value is UserPayload =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as UserPayload).id === 'string' &&
  typeof (value as UserPayload).email === 'string';

/**
 * Sets `req.currentUser` from the JWT in the session. A missing, forged, expired or
 * malformed token simply means "signed out": it never fails the request.
 */
export const currentUser = (req: Request, _res: Response, next: NextFunction) => {
  const token: unknown = req.session?.jwt;
  const key = jwtKey();
  if (typeof token !== 'string' || !key) {
    return next();
  }
  try {
    // Pinning the algorithm refuses `alg: none` and algorithm-confusion tokens.
    const payload = jwt.verify(token, key, { algorithms: ['HS256'] });
    if (isUserPayload(payload)) {
      req.currentUser = payload;
    }
  } catch {
    // invalid or expired: treated as signed out
  }
  next();
};
