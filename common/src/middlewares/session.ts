/// <reference types="cookie-session" preserve="true" />
import cookieSession from 'cookie-session';
import { NextFunction, Request, Response } from 'express';

const cookies = cookieSession({
  name: 'session',
  // The JWT inside is signed already; an unsigned cookie can be read by every service.
  signed: false,
  httpOnly: true,
  sameSite: 'lax',
});

/**
 * The session cookie that carries the JWT. It is `secure` whenever the request came
 * over HTTPS (behind the ingress, via `trust proxy`), so a deployment never sends it
 * in clear while the plain-HTTP local stack still works.
 */
export const session = () => [
  cookies,
  (req: Request, _res: Response, next: NextFunction) => {
    if (req.sessionOptions) {
      req.sessionOptions.secure = req.secure;
    }
    next();
  },
];
