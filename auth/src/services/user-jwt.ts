import jwt from 'jsonwebtoken';
import { jwtKey, UserPayload } from '@ticketing/common';

/** Default lifetime of a session token; there is no refresh, so a user signs in again after it. */
const DEFAULT_JWT_EXPIRES_IN = '1h';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/**
 * Parses a token lifetime: whole seconds ("3600") or a number with one unit s, m, h or d
 * ("15m", "1h", "7d"). Our own small format because jsonwebtoken reads a bare numeric
 * string as milliseconds, which would silently make "3600" a 3.6-second token.
 */
export const parseExpiresIn = (value: string): number => {
  const match = /^(\d+)([smhd]?)$/.exec(value.trim());
  const seconds = match ? Number(match[1]) * UNIT_SECONDS[match[2] || 's'] : 0;
  if (!match || seconds <= 0) {
    throw new Error(
      `JWT_EXPIRES_IN must be a positive number of seconds, or a number with s, m, h or d (e.g. 3600, 15m, 1h, 7d); got "${value}"`,
    );
  }
  return seconds;
};

/** Token lifetime in seconds, from JWT_EXPIRES_IN (default 1h). */
export const jwtExpiresIn = (): number => parseExpiresIn(process.env.JWT_EXPIRES_IN ?? DEFAULT_JWT_EXPIRES_IN);

/** The session token: `{id, email}` signed with JWT_KEY (checked at start-up). */
export const createUserJwt = ({ id, email }: UserPayload): string =>
  jwt.sign({ id, email }, jwtKey()!, { algorithm: 'HS256', expiresIn: jwtExpiresIn() });
