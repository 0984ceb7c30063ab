/**
 * A request cookie carrying `jwt` the way the services' cookie-session stores it (base64 JSON,
 * unsigned), for tests that sign in without going through the auth service.
 */
export const sessionCookie = (jwt: string): string =>
  `session=${Buffer.from(JSON.stringify({ jwt })).toString('base64')}`;

/** The JWT inside a `session=` cookie (a request Cookie header or Set-Cookie headers). */
export const jwtFromCookie = (cookie: string | string[]): string => {
  const value = /session=([^;,]*)/.exec([cookie].flat().join(';'))?.[1] ?? '';
  return (JSON.parse(Buffer.from(value, 'base64').toString()) as { jwt: string }).jwt;
};
