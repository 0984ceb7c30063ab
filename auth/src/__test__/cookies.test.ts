import request from 'supertest';
import { app } from '../app';

const signupCookie = async (forwardedProto?: string): Promise<string> => {
  const req = request(app).post('/api/users/signup');
  if (forwardedProto) req.set('X-Forwarded-Proto', forwardedProto);
  const response = await req.send({ email: 'test@test.com', password: 'password' }).expect(201);
  const cookies = response.get('Set-Cookie') ?? [];
  expect(cookies).toHaveLength(1);
  return cookies[0];
};

it('sets an httpOnly, SameSite=Lax cookie named session', async () => {
  const cookie = await signupCookie();
  expect(cookie).toMatch(/^session=/);
  expect(cookie.toLowerCase()).toContain('; httponly');
  expect(cookie.toLowerCase()).toContain('; samesite=lax');
  expect(cookie.toLowerCase()).toContain('; path=/');
});

it('does not mark the cookie secure on plain HTTP (the local stack)', async () => {
  const cookie = await signupCookie();
  expect(cookie.toLowerCase()).not.toContain('; secure');
});

it('marks the cookie secure when the request came over HTTPS through the proxy', async () => {
  const cookie = await signupCookie('https');
  expect(cookie.toLowerCase()).toContain('; secure');
});

it('marks the signout cookie secure over HTTPS too', async () => {
  const response = await request(app).post('/api/users/signout').set('X-Forwarded-Proto', 'https').expect(200);
  expect((response.get('Set-Cookie') ?? []).join().toLowerCase()).toContain('; secure');
});
