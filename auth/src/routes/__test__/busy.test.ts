import request from 'supertest';
import { app } from '../../app';
import { TooManyRequestsError } from '@ticketing/common';
import { Password } from '../../services/password';
import { signup } from '../../test/auth-helpers';

// One hash at a time and one waiting: a burst of signins overflows at once.
process.env.HASH_CONCURRENCY = '1';
process.env.HASH_QUEUE_LIMIT = '1';
process.env.SIGNIN_FAILURES_PER_EMAIL = '2';

// First in this file: the unknown-email hash is made on the first signin for an unknown email.
it('makes the unknown-email hash again when making it was refused', async () => {
  const toHash = jest
    .spyOn(Password, 'toHash')
    .mockRejectedValueOnce(new TooManyRequestsError('The server is busy, try again shortly', 1));
  await request(app).post('/api/users/signin').send({ email: 'ghost@test.com', password: 'password' }).expect(429);
  await request(app).post('/api/users/signin').send({ email: 'ghost@test.com', password: 'password' }).expect(400);
  expect(toHash).toHaveBeenCalledTimes(2);
  toHash.mockRestore();
});

it('refuses signins past the hash queue with 429 and Retry-After, and serves the rest', async () => {
  const cookie = await signup('busy@test.com', 'password');
  // Distinct emails, so only the hash queue can refuse them.
  const burst = await Promise.all(
    Array.from({ length: 8 }, (_, i) =>
      request(app)
        .post('/api/users/signin')
        .send({ email: `burst${i}@test.com`, password: 'password' }),
    ),
  );
  const refused = burst.filter((res) => res.status === 429);
  expect(refused.length).toBeGreaterThan(0);
  // One hashing and one waiting are answered.
  expect(burst.filter((res) => res.status === 400).length).toBeGreaterThanOrEqual(2);
  for (const res of burst.filter((r) => r.status === 400)) {
    expect(res.body).toEqual({ errors: [{ message: 'Invalid credentials' }] });
  }
  for (const res of refused) {
    expect(res.body).toEqual({ errors: [{ message: 'The server is busy, try again shortly' }] });
    expect(res.get('Retry-After')).toBe('1');
  }
  // The service still answers, and a signin once the burst is over works.
  const current = await request(app).get('/api/users/currentuser').set('Cookie', cookie).expect(200);
  expect(current.body.currentUser).toMatchObject({ email: 'busy@test.com' });
  await request(app).post('/api/users/signin').send({ email: 'busy@test.com', password: 'password' }).expect(200);
});

it('does not count a signin refused as busy against the email: a storm cannot lock anyone out', async () => {
  await signup('stormy@test.com', 'password');
  const compare = jest
    .spyOn(Password, 'compare')
    .mockRejectedValue(new TooManyRequestsError('The server is busy, try again shortly', 1));
  for (let i = 0; i < 4; i += 1) {
    const res = await request(app).post('/api/users/signin').send({ email: 'stormy@test.com', password: 'password' });
    expect(res.status).toBe(429);
    expect(res.body).toEqual({ errors: [{ message: 'The server is busy, try again shortly' }] });
  }
  compare.mockRestore();
  await request(app).post('/api/users/signin').send({ email: 'stormy@test.com', password: 'password' }).expect(200);
});
