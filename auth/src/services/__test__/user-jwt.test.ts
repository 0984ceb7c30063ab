import jwt from 'jsonwebtoken';
import { createUserJwt, jwtExpiresIn, parseExpiresIn } from '../user-jwt';

afterEach(() => {
  delete process.env.JWT_EXPIRES_IN;
});

it.each([
  ['3600', 3600],
  ['90s', 90],
  ['15m', 900],
  ['1h', 3600],
  ['7d', 604800],
  [' 2h ', 7200],
])('parses JWT_EXPIRES_IN %j as %d seconds', (value, seconds) => {
  expect(parseExpiresIn(value)).toBe(seconds);
});

it.each(['', '0', '-5', '1.5h', '1w', 'abc', '1 hour', '10ms'])(
  'rejects %j with a message naming JWT_EXPIRES_IN',
  (value) => {
    expect(() => parseExpiresIn(value)).toThrow(/JWT_EXPIRES_IN/);
  },
);

it('defaults to one hour', () => {
  expect(jwtExpiresIn()).toBe(3600);
});

it('signs {id, email} with JWT_KEY, HS256, expiring after JWT_EXPIRES_IN', () => {
  process.env.JWT_EXPIRES_IN = '10m';
  const token = createUserJwt({ id: 'abc', email: 'test@test.com' });

  const decoded = jwt.verify(token, process.env.JWT_KEY!, { algorithms: ['HS256'], complete: true });
  expect(decoded.header.alg).toBe('HS256');
  expect(decoded.payload).toEqual({
    id: 'abc',
    email: 'test@test.com',
    iat: expect.any(Number),
    exp: expect.any(Number),
  });
  const { iat, exp } = decoded.payload as jwt.JwtPayload;
  expect(exp! - iat!).toBe(600);
});

it('puts nothing else from the user into the token', () => {
  const token = createUserJwt({ id: 'abc', email: 'test@test.com', password: 'secret' } as never);
  expect(Object.keys(jwt.decode(token) as object).sort()).toEqual(['email', 'exp', 'iat', 'id']);
});
