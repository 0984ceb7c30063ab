import request from 'supertest';
import { app } from '../../app';
import { signup } from '../../test/auth-helpers';
import { setTimeout as sleep } from 'timers/promises';

// A two-second window, so "after the window" needs no long wait (and a loaded machine still hashes twice within it).
process.env.RATE_LIMIT_WINDOW_SECONDS = '2';
process.env.SIGNIN_FAILURES_PER_EMAIL = '2';
process.env.SIGNUPS_PER_ADDRESS = '1';

it('lets an email sign in again once the window has passed', async () => {
  await signup('patient@test.com', 'password');
  const signin = (password: string) =>
    request(app).post('/api/users/signin').send({ email: 'patient@test.com', password });
  await signin('wrong').expect(400);
  await signin('wrong').expect(400);
  const refused = await signin('password').expect(429);
  expect(['1', '2']).toContain(refused.get('Retry-After'));

  await sleep(2100);
  await signin('password').expect(200);
});

it('lets an address sign up again once the window has passed', async () => {
  await sleep(2100); // the signup above used this address's one signup
  const signupAs = (email: string) => request(app).post('/api/users/signup').send({ email, password: 'password' });
  await signupAs('first@test.com').expect(201);
  await signupAs('second@test.com').expect(429);
  await sleep(2100);
  await signupAs('second@test.com').expect(201);
});
