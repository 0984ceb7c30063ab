import request from 'supertest';
import { app } from '../app';

export const TEST_EMAIL = 'test@test.com';
export const TEST_PASSWORD = 'password';

/** Signs a new user up through the API and returns the session cookie, as the course's `global.signin`. */
export const signup = async (email = TEST_EMAIL, password = TEST_PASSWORD): Promise<string[]> => {
  const response = await request(app).post('/api/users/signup').send({ email, password }).expect(201);
  return response.get('Set-Cookie') ?? [];
};

/** Signs an existing user in and returns the session cookie. */
export const signin = async (email = TEST_EMAIL, password = TEST_PASSWORD): Promise<string[]> => {
  const response = await request(app).post('/api/users/signin').send({ email, password }).expect(200);
  return response.get('Set-Cookie') ?? [];
};
