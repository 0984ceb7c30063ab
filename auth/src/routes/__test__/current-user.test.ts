import jwt from 'jsonwebtoken';
import request from 'supertest';
import { jwtFromCookie, sessionCookie } from '@ticketing/toolkit';
import { app } from '../../app';
import { User } from '../../models/user';
import { signup } from '../../test/auth-helpers';
import { setTimeout as sleep } from 'timers/promises';

const currentUserRequest = (cookie?: string | string[]) => {
  const req = request(app).get('/api/users/currentuser');
  return cookie ? req.set('Cookie', ([] as string[]).concat(cookie)) : req;
};

const base64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

afterEach(() => {
  delete process.env.JWT_EXPIRES_IN;
});

it('responds with details about the current user', async () => {
  const cookie = await signup('test@test.com');
  const user = await User.findOne({ email: 'test@test.com' });

  const response = await currentUserRequest(cookie).expect(200);
  expect(response.body).toEqual({
    currentUser: { id: user!.id, email: 'test@test.com', iat: expect.any(Number), exp: expect.any(Number) },
  });
});

it('responds with null if not authenticated', async () => {
  const response = await currentUserRequest().expect(200);
  expect(response.body).toEqual({ currentUser: null });
});

it('responds with null after signing out', async () => {
  const cookie = await signup();
  const signout = await request(app).post('/api/users/signout').set('Cookie', cookie).expect(200);

  const response = await currentUserRequest(signout.get('Set-Cookie')).expect(200);
  expect(response.body).toEqual({ currentUser: null });
});

it('issues tokens that expire after 1 hour by default', async () => {
  const cookie = await signup();
  const { currentUser } = (await currentUserRequest(cookie).expect(200)).body;
  expect(currentUser.exp - currentUser.iat).toBe(3600);
});

it('issues tokens with the lifetime set in JWT_EXPIRES_IN', async () => {
  process.env.JWT_EXPIRES_IN = '15m';
  const cookie = await signup();
  const { currentUser } = (await currentUserRequest(cookie).expect(200)).body;
  expect(currentUser.exp - currentUser.iat).toBe(900);
});

it('treats an expired token as signed out', async () => {
  process.env.JWT_EXPIRES_IN = '1';
  const cookie = await signup();
  await currentUserRequest(cookie).expect(200, /test@test.com/);

  await sleep(2100);
  const response = await currentUserRequest(cookie).expect(200);
  expect(response.body).toEqual({ currentUser: null });
});

it('treats a token with an exp in the past as signed out', async () => {
  const token = jwt.sign(
    { id: 'abc', email: 'test@test.com', exp: Math.floor(Date.now() / 1000) - 10 },
    process.env.JWT_KEY!,
  );
  const response = await currentUserRequest(sessionCookie(token)).expect(200);
  expect(response.body).toEqual({ currentUser: null });
});

describe('forged tokens mean signed out', () => {
  it('accepts a well-formed token (control for the cases below)', async () => {
    const token = jwt.sign({ id: 'abc', email: 'test@test.com' }, process.env.JWT_KEY!);
    const response = await currentUserRequest(sessionCookie(token)).expect(200);
    expect(response.body.currentUser).toMatchObject({ id: 'abc', email: 'test@test.com' });
  });

  it('signed with another key', async () => {
    const token = jwt.sign({ id: 'abc', email: 'test@test.com' }, 'not-the-jwt-key');
    const response = await currentUserRequest(sessionCookie(token)).expect(200);
    expect(response.body).toEqual({ currentUser: null });
  });

  it('with alg none and no signature', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ id: 'abc', email: 'test@test.com', iat: now })}.`;
    const response = await currentUserRequest(sessionCookie(token)).expect(200);
    expect(response.body).toEqual({ currentUser: null });
  });

  it('with an edited payload and the original signature', async () => {
    const cookie = await signup('test@test.com');
    const [header, payload, signature] = jwtFromCookie(cookie).split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const edited = base64url({ ...claims, email: 'admin@test.com' });

    const response = await currentUserRequest(sessionCookie(`${header}.${edited}.${signature}`)).expect(200);
    expect(response.body).toEqual({ currentUser: null });
  });

  it('that is not a JWT at all, or a session cookie that is not base64 JSON', async () => {
    await currentUserRequest(sessionCookie('garbage')).expect(200, { currentUser: null });
    await currentUserRequest('session=%%%not-base64').expect(200, { currentUser: null });
  });
});
