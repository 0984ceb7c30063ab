import request from 'supertest';
import { buildApp } from '../../test/build-app';

const app = buildApp('post', '/signin', (req, res) => {
  req.session = { jwt: 'token' };
  res.send({});
});

const setCookie = (res: request.Response): string => {
  const header = res.headers['set-cookie'] as unknown as string[];
  expect(header).toHaveLength(1);
  return header[0];
};

it('sets an httpOnly, sameSite=lax cookie named session, not secure over plain HTTP', async () => {
  const cookie = setCookie(await request(app).post('/signin').send({}));
  expect(cookie).toMatch(/^session=/);
  expect(cookie).toMatch(/httponly/i);
  expect(cookie).toMatch(/samesite=lax/i);
  expect(cookie).not.toMatch(/secure/i);
});

it('marks the cookie secure when the request came over HTTPS through a trusted proxy', async () => {
  const cookie = setCookie(await request(app).post('/signin').set('X-Forwarded-Proto', 'https').send({}));
  expect(cookie).toMatch(/;\s*secure/i);
  expect(cookie).toMatch(/httponly/i);
});
