import jwt from 'jsonwebtoken';
import request from 'supertest';
import { jwtFromCookie } from '@ticketing/toolkit';
import { app } from '../../app';
import { User } from '../../models/user';
import { signup } from '../../test/auth-helpers';

const signupRequest = (body: object | string) => request(app).post('/api/users/signup').send(body);

it('returns a 201 on successful signup', async () => {
  await signupRequest({ email: 'test@test.com', password: 'password' }).expect(201);
});

it('answers the user as {id, email}, never _id, __v or the password', async () => {
  const response = await signupRequest({ email: 'test@test.com', password: 'password' }).expect(201);

  const user = await User.findOne({ email: 'test@test.com' });
  expect(response.body).toEqual({ id: user!.id, email: 'test@test.com' });
  expect(JSON.stringify(response.body)).not.toContain(user!.password);
});

it('stores a salted hash, not the password', async () => {
  await signupRequest({ email: 'test@test.com', password: 'password' }).expect(201);

  const user = await User.findOne({ email: 'test@test.com' });
  expect(user!.password).not.toContain('password');
  expect(user!.password).toMatch(/^[0-9a-f]{128}\.[0-9a-f]+$/);
});

it('returns a 400 with an invalid email', async () => {
  const response = await signupRequest({ email: 'asefsadfsef', password: 'password' }).expect(400);
  expect(response.body).toEqual({ errors: [{ message: 'Email must be valid', field: 'email' }] });
});

it('returns a 400 with an invalid password', async () => {
  for (const password of ['p', 'abc', '   abc   ', 'x'.repeat(21)]) {
    const response = await signupRequest({ email: 'test@test.com', password }).expect(400);
    expect(response.body).toEqual({
      errors: [{ message: 'Password must be between 4 and 20 characters', field: 'password' }],
    });
  }
  expect(await User.countDocuments()).toBe(0);
});

it('returns a 400 with one error per missing field', async () => {
  await signupRequest({ email: 'test@test.com' }).expect(400);
  await signupRequest({ password: 'password' }).expect(400);
  const response = await signupRequest({}).expect(400);
  expect(response.body).toEqual({
    errors: [
      { message: 'Email must be valid', field: 'email' },
      { message: 'Password must be between 4 and 20 characters', field: 'password' },
    ],
  });
});

it('disallows duplicate emails', async () => {
  await signup('test@test.com');
  const response = await signupRequest({ email: 'test@test.com', password: 'password' }).expect(400);
  expect(response.body).toEqual({ errors: [{ message: 'Email in use' }] });
});

it('normalizes the email: trimmed and lower-cased, so case variants are one account', async () => {
  const response = await signupRequest({ email: '  Test@Test.COM ', password: 'password' }).expect(201);
  expect(response.body.email).toBe('test@test.com');

  await signupRequest({ email: 'test@test.com', password: 'password' }).expect(400);
  await signupRequest({ email: 'TEST@TEST.COM', password: 'password' }).expect(400);
  expect(await User.countDocuments()).toBe(1);
});

it('keeps the address otherwise as typed (no gmail dot or +tag stripping)', async () => {
  await signupRequest({ email: 'first.last+tag@gmail.com', password: 'password' }).expect(201);
  await signupRequest({ email: 'firstlast@gmail.com', password: 'password' }).expect(201);
  expect((await User.find().sort({ email: 1 })).map((u) => u.email)).toEqual([
    'first.last+tag@gmail.com',
    'firstlast@gmail.com',
  ]);
});

it('trims the password', async () => {
  await signupRequest({ email: 'test@test.com', password: '  password  ' }).expect(201);
  await request(app).post('/api/users/signin').send({ email: 'test@test.com', password: 'password' }).expect(200);
});

it('sets a cookie after successful signup', async () => {
  const response = await signupRequest({ email: 'test@test.com', password: 'password' }).expect(201);
  expect(response.get('Set-Cookie')).toBeDefined();
});

it('puts a JWT of {id, email} signed with JWT_KEY in the session cookie', async () => {
  const cookie = await signup('test@test.com');
  const user = await User.findOne({ email: 'test@test.com' });

  const payload = jwt.verify(jwtFromCookie(cookie), process.env.JWT_KEY!, { algorithms: ['HS256'] });
  expect(payload).toEqual({ id: user!.id, email: 'test@test.com', iat: expect.any(Number), exp: expect.any(Number) });
});

it('lets exactly one of 50 concurrent signups with one email through', async () => {
  // Different spellings of one address, so the race is decided after normalization.
  const emails = Array.from({ length: 50 }, (_, i) => (i % 2 ? 'race@test.com' : ' RACE@test.com'));
  const responses = await Promise.all(emails.map((email) => signupRequest({ email, password: 'password' })));

  const statuses = responses.map((r) => r.status);
  expect(statuses.filter((s) => s === 201)).toHaveLength(1);
  expect(statuses.filter((s) => s === 400)).toHaveLength(49);
  for (const response of responses.filter((r) => r.status === 400)) {
    expect(response.body).toEqual({ errors: [{ message: 'Email in use' }] });
  }
  expect(await User.countDocuments({ email: 'race@test.com' })).toBe(1);
});
