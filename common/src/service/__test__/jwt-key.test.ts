import jwt from 'jsonwebtoken';
import { randomBytes } from 'crypto';
import { checkJwtKeyStrength, jwtKey } from '../jwt-key';

const original = process.env.JWT_KEY;
afterEach(() => {
  process.env.JWT_KEY = original;
});

it('is undefined without JWT_KEY', () => {
  delete process.env.JWT_KEY;
  expect(jwtKey()).toBeUndefined();
});

it('makes the key once per value', () => {
  process.env.JWT_KEY = 'first';
  const first = jwtKey();
  expect(jwtKey()).toBe(first);
  process.env.JWT_KEY = 'second';
  expect(jwtKey()).not.toBe(first);
});

it('signs and verifies exactly as the string key does', () => {
  process.env.JWT_KEY = 'interchangeable';
  const key = jwtKey()!;
  const fromString = jwt.sign({ id: 'a', email: 'a@b.c' }, 'interchangeable');
  expect(jwt.verify(fromString, key, { algorithms: ['HS256'] })).toMatchObject({ id: 'a' });
  const fromKey = jwt.sign({ id: 'b', email: 'b@b.c' }, key, { algorithm: 'HS256' });
  expect(jwt.verify(fromKey, 'interchangeable')).toMatchObject({ id: 'b' });
  expect(() => jwt.verify(fromKey, 'another key')).toThrow();
});

describe('checkJwtKeyStrength', () => {
  const originalNodeEnv = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = originalNodeEnv;
  });

  it('refuses a key shorter than 32 bytes in production, naming the variable and how to make one', () => {
    process.env.NODE_ENV = 'production';
    process.env.JWT_KEY = 'a';
    expect(checkJwtKeyStrength).toThrow(
      'JWT_KEY is 1 bytes; in production it must be at least 32 random bytes. Make one with: openssl rand -base64 32',
    );
    process.env.JWT_KEY = 'x'.repeat(31);
    expect(checkJwtKeyStrength).toThrow('JWT_KEY is 31 bytes');
  });

  it('accepts 32 bytes or more in production, counted in bytes not characters', () => {
    process.env.NODE_ENV = 'production';
    process.env.JWT_KEY = 'x'.repeat(32);
    expect(checkJwtKeyStrength).not.toThrow();
    // 11 characters of 3 UTF-8 bytes each: 33 bytes.
    process.env.JWT_KEY = '鍵'.repeat(11);
    expect(checkJwtKeyStrength).not.toThrow();
    process.env.JWT_KEY = randomBytes(32).toString('base64');
    expect(checkJwtKeyStrength).not.toThrow();
  });

  it('leaves development and tests alone', () => {
    process.env.JWT_KEY = 'a';
    for (const nodeEnv of ['development', 'test', undefined]) {
      if (nodeEnv === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = nodeEnv;
      expect(checkJwtKeyStrength).not.toThrow();
    }
  });
});
