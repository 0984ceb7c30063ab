import request from 'supertest';
import { app } from '../../app';
import { User } from '../../models/user';
import { Password } from '../../services/password';
import { signup } from '../../test/auth-helpers';

const signinRequest = (body: object) => request(app).post('/api/users/signin').send(body);

const invalidCredentials = { errors: [{ message: 'Invalid credentials' }] };

afterEach(() => {
  jest.restoreAllMocks();
});

it('fails when an email that does not exist is supplied', async () => {
  const response = await signinRequest({ email: 'test@test.com', password: 'password' }).expect(400);
  expect(response.body).toEqual(invalidCredentials);
  expect(response.get('Set-Cookie')).toBeUndefined();
});

it('fails when an incorrect password is supplied, with the same answer as an unknown email', async () => {
  await signup('test@test.com', 'password');
  const response = await signinRequest({ email: 'test@test.com', password: 'wrongpassword' }).expect(400);
  expect(response.body).toEqual(invalidCredentials);
  expect(response.get('Set-Cookie')).toBeUndefined();
});

it('hashes the supplied password for an unknown email too, so timing does not reveal accounts', async () => {
  const compare = jest.spyOn(Password, 'compare');
  await signinRequest({ email: 'nobody@test.com', password: 'password' }).expect(400);
  expect(compare).toHaveBeenCalledTimes(1);
  expect(compare).toHaveBeenCalledWith(expect.stringMatching(/^[0-9a-f]{128}\./), 'password');
});

it('responds with a cookie and the user when given valid credentials', async () => {
  await signup('test@test.com', 'password');
  const user = await User.findOne({ email: 'test@test.com' });

  const response = await signinRequest({ email: 'test@test.com', password: 'password' }).expect(200);
  expect(response.get('Set-Cookie')).toBeDefined();
  expect(response.body).toEqual({ id: user!.id, email: 'test@test.com' });
});

it('normalizes the email as signup does', async () => {
  await signup('test@test.com', 'password');
  await signinRequest({ email: '  TEST@test.com ', password: 'password' }).expect(200);
});

it('returns a 400 with an invalid email or a missing password', async () => {
  let response = await signinRequest({ email: 'not-an-email', password: 'password' }).expect(400);
  expect(response.body).toEqual({ errors: [{ message: 'Email must be valid', field: 'email' }] });

  response = await signinRequest({ email: 'test@test.com' }).expect(400);
  expect(response.body).toEqual({ errors: [{ message: 'You must supply a password', field: 'password' }] });

  response = await signinRequest({ email: 'test@test.com', password: '   ' }).expect(400);
  expect(response.body).toEqual({ errors: [{ message: 'You must supply a password', field: 'password' }] });

  response = await signinRequest({}).expect(400);
  expect(response.body.errors).toHaveLength(2);
});
