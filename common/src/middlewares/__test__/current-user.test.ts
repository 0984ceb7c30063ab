import jwt from 'jsonwebtoken';
import request from 'supertest';
import { sessionCookie } from '@ticketing/toolkit';
import { buildApp } from '../../test/build-app';
import { requireAuth } from '../require-auth';

const app = buildApp('get', '/me', (req, res) => {
  res.send({ currentUser: req.currentUser ?? null });
});
const protectedApp = buildApp('get', '/private', requireAuth, (_req, res) => {
  res.send({ ok: true });
});

const user = { id: '5f1d7c2b9d3e4a0012345678', email: 'test@test.com' };
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

beforeAll(() => {
  process.env.JWT_KEY = 'test-key';
});

const me = (token?: string) => {
  const req = request(app).get('/me');
  return token === undefined ? req : req.set('Cookie', sessionCookie(token));
};

it('sets the current user from a valid token', async () => {
  const res = await me(jwt.sign(user, 'test-key'));
  expect(res.body.currentUser).toMatchObject(user);
});

it('leaves the user unset without a session', async () => {
  const res = await me();
  expect(res.status).toBe(200);
  expect(res.body.currentUser).toBeNull();
});

it('ignores a token signed with another key', async () => {
  const res = await me(jwt.sign(user, 'attacker-key'));
  expect(res.body.currentUser).toBeNull();
});

it('ignores an unsigned alg:none token', async () => {
  const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(user)}.`;
  const res = await me(token);
  expect(res.body.currentUser).toBeNull();
});

it('ignores a token whose payload was edited', async () => {
  const [header, , signature] = jwt.sign(user, 'test-key').split('.');
  const res = await me(`${header}.${b64({ ...user, id: 'someone-else' })}.${signature}`);
  expect(res.body.currentUser).toBeNull();
});

it('ignores an expired token', async () => {
  const token = jwt.sign({ ...user, exp: Math.floor(Date.now() / 1000) - 10 }, 'test-key');
  const res = await me(token);
  expect(res.body.currentUser).toBeNull();
});

it('ignores a token without an id and email', async () => {
  const res = await me(jwt.sign({ sub: 'x' }, 'test-key'));
  expect(res.body.currentUser).toBeNull();
});

it('ignores a cookie that is not a session at all', async () => {
  const res = await request(app).get('/me').set('Cookie', 'session=%%%not-base64');
  expect(res.status).toBe(200);
  expect(res.body.currentUser).toBeNull();
});

describe('requireAuth', () => {
  it('answers 401 when nobody is signed in', async () => {
    const res = await request(protectedApp).get('/private');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ errors: [{ message: 'Not authorized' }] });
  });

  it('lets a signed-in user through', async () => {
    const res = await request(protectedApp)
      .get('/private')
      .set('Cookie', sessionCookie(jwt.sign(user, 'test-key')));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true });
  });
});
