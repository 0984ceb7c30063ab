import jwt from 'jsonwebtoken';
import { jwtKey } from '../jwt-key';

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
