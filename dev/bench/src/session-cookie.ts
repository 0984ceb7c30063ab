import jwt from 'jsonwebtoken';
import { sessionCookie as cookieFor } from '@ticketing/toolkit';

/** The `session` cookie cookie-session would send for this user. */
export const sessionCookie = (jwtKey: string, user: { id: string; email: string }): string =>
  cookieFor(jwt.sign({ id: user.id, email: user.email }, jwtKey, { expiresIn: 3600 }));

/** The JWT inside a `session=` cookie value (the floor reads it without cookie-session). */
export const jwtFromCookie = (cookieHeader: string | undefined): string | undefined => {
  const match = /(?:^|;\s*)session=([^;]+)/.exec(cookieHeader ?? '');
  if (!match) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(match[1], 'base64').toString('utf8'));
    const token = (parsed as { jwt?: unknown }).jwt;
    return typeof token === 'string' ? token : undefined;
  } catch {
    return undefined;
  }
};
