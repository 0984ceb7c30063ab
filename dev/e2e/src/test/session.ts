import { createHmac, randomBytes } from 'crypto';
import { IncomingHttpHeaders } from 'http';
import { HttpClient } from './http';

export interface SignedInUser {
  id: string;
  email: string;
  password: string;
  /** `session=...`, ready for a Cookie header. */
  cookie: string;
}

export const uniqueEmail = (label = 'user'): string => `${label}-${randomBytes(5).toString('hex')}@test.com`;

/** The raw Set-Cookie line for the session cookie, with its attributes. */
export const sessionSetCookie = (headers: IncomingHttpHeaders): string | undefined =>
  headers['set-cookie']?.find((line) => line.startsWith('session='));

/** `session=<value>` from a response's Set-Cookie, as a browser would send it back. */
export const sessionCookie = (headers: IncomingHttpHeaders): string => {
  const line = sessionSetCookie(headers);
  if (!line) throw new Error(`No session cookie in ${JSON.stringify(headers['set-cookie'])}`);
  return line.split(';')[0];
};

export const signup = async (api: HttpClient, email = uniqueEmail(), password = 'password1'): Promise<SignedInUser> => {
  const res = await api.post('/api/users/signup', { email, password });
  if (res.status !== 201) throw new Error(`signup ${email} answered ${res.status} ${res.text}`);
  const user = res.json as { id: string; email: string };
  return { id: user.id, email: user.email, password, cookie: sessionCookie(res.headers) };
};

const base64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

/**
 * Builds a JWT by hand (HS256, or no signature at all for `alg: none`), so tests can forge tokens
 * the services must refuse without relying on a JWT library's own rules.
 */
export const forgeJwt = (
  payload: Record<string, unknown>,
  key: string | null,
  header: Record<string, unknown> = { alg: key === null ? 'none' : 'HS256', typ: 'JWT' },
): string => {
  const unsigned = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signature = key === null ? '' : createHmac('sha256', key).update(unsigned).digest('base64url');
  return `${unsigned}.${signature}`;
};

/** The cookie cookie-session (unsigned) reads: base64 of the session object's JSON. */
export const cookieForSession = (session: unknown): string =>
  `session=${Buffer.from(JSON.stringify(session)).toString('base64')}`;

export const cookieForJwt = (jwt: string): string => cookieForSession({ jwt });

/** The JWT inside a session cookie. */
export const jwtOf = (cookie: string): string =>
  (JSON.parse(Buffer.from(cookie.replace(/^session=/, ''), 'base64').toString('utf8')) as { jwt: string }).jwt;

/**
 * The same session with the first character of the JWT's signature changed: a stolen cookie
 * someone edited. (Not the last character: its low bits are padding, so changing it may not
 * change the signature at all.)
 */
export const tamperSignature = (cookie: string): string => {
  const [header, payload, signature] = jwtOf(cookie).split('.');
  const flipped = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
  return cookieForJwt(`${header}.${payload}.${flipped}`);
};

export const currentUserOf = async (api: HttpClient, cookie?: string): Promise<unknown> => {
  const res = await api.get('/api/users/currentuser', cookie);
  if (res.status !== 200) throw new Error(`currentuser answered ${res.status} ${res.text}`);
  return (res.json as { currentUser: unknown }).currentUser;
};
