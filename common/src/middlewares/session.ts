/// <reference types="cookie-session" preserve="true" />
import cookieSession from 'cookie-session';

/**
 * The session cookie that carries the JWT. No `secure` option is given, so cookie-session's
 * `cookies` decides per cookie it writes: secure whenever the request came over HTTPS (express's
 * req.protocol, which reads the ingress's X-Forwarded-Proto via `trust proxy`). A deployment
 * never sends it in clear, the plain-HTTP local stack still works, and a request that writes no
 * cookie (most of them) spends nothing on it.
 */
export const session = () =>
  cookieSession({
    name: 'session',
    // The JWT inside is signed already; an unsigned cookie can be read by every service.
    signed: false,
    httpOnly: true,
    sameSite: 'lax',
  });
