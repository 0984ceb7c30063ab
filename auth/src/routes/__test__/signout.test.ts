import request from 'supertest';
import { app } from '../../app';
import { signup } from '../../test/auth-helpers';

it('clears the cookie after signing out', async () => {
  const cookie = await signup();

  const response = await request(app).post('/api/users/signout').set('Cookie', cookie).send({}).expect(200);
  expect(response.body).toEqual({});
  const [setCookie] = response.get('Set-Cookie') ?? [];
  expect(setCookie).toMatch(/^session=;/);
  expect(setCookie).toContain('expires=Thu, 01 Jan 1970 00:00:00 GMT');
});

it('answers 200 {} when nobody is signed in', async () => {
  const response = await request(app).post('/api/users/signout').expect(200);
  expect(response.body).toEqual({});
});
