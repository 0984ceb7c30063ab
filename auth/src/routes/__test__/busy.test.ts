import request from 'supertest';
import { app } from '../../app';
import { signup } from '../../test/auth-helpers';

// One hash at a time and one waiting: a burst of signins overflows at once.
process.env.HASH_CONCURRENCY = '1';
process.env.HASH_QUEUE_LIMIT = '1';

it('refuses signins past the hash queue with 429 and Retry-After, and serves the rest', async () => {
  const cookie = await signup('busy@test.com', 'password');
  const burst = await Promise.all(
    Array.from({ length: 8 }, () =>
      request(app).post('/api/users/signin').send({ email: 'busy@test.com', password: 'password' }),
    ),
  );
  const refused = burst.filter((res) => res.status === 429);
  expect(refused.length).toBeGreaterThan(0);
  expect(burst.filter((res) => res.status === 200).length).toBeGreaterThanOrEqual(2);
  expect(burst.every((res) => res.status === 200 || res.status === 429)).toBe(true);
  for (const res of refused) {
    expect(res.body).toEqual({ errors: [{ message: 'The server is busy, try again shortly' }] });
    expect(res.get('Retry-After')).toBe('1');
  }
  // The service still answers, and a signin once the burst is over works.
  const current = await request(app).get('/api/users/currentuser').set('Cookie', cookie).expect(200);
  expect(current.body.currentUser).toMatchObject({ email: 'busy@test.com' });
  await request(app).post('/api/users/signin').send({ email: 'busy@test.com', password: 'password' }).expect(200);
});
