import request from 'supertest';
import { app } from '../app';
import { User } from '../models/user';
import { signup } from '../test/auth-helpers';

const routes = ['/api/users/signup', '/api/users/signin'];

/** After every bad request, nothing was stored and the app still serves a good one. */
const expectNothingStoredAndStillServing = async () => {
  expect(await User.countDocuments()).toBe(0);
  await signup('after@test.com');
};

describe.each(routes)('POST %s', (route) => {
  const post = () => request(app).post(route);

  it('answers malformed JSON with a 400', async () => {
    const response = await post().set('Content-Type', 'application/json').send('{"email": "a@b.com",').expect(400);
    expect(response.body).toEqual({ errors: [{ message: 'Request body is not valid JSON' }] });
    await expectNothingStoredAndStillServing();
  });

  it.each(['"a string"', 'null', '42', 'true'])('answers the JSON primitive %s as a body with a 400', async (body) => {
    const response = await post().set('Content-Type', 'application/json').send(body).expect(400);
    expect(response.body).toEqual({ errors: [{ message: 'Request body is not valid JSON' }] });
    await expectNothingStoredAndStillServing();
  });

  it.each([[[]], [['test@test.com', 'password']], [[{ email: 'test@test.com', password: 'password' }]]])(
    'answers the array %j as a body with field errors',
    async (body) => {
      const response = await post().send(body).expect(400);
      expect(response.body.errors.map((e: { field?: string }) => e.field)).toEqual(['email', 'password']);
      await expectNothingStoredAndStillServing();
    },
  );

  it('answers a non-JSON body with field errors', async () => {
    const response = await post().set('Content-Type', 'text/plain').send('email=test@test.com').expect(400);
    expect(response.body.errors.map((e: { field?: string }) => e.field)).toEqual(['email', 'password']);
    await expectNothingStoredAndStillServing();
  });

  it.each([
    ['an operator object', { $gt: '' }],
    ['an object with toString', { toString: 'test@test.com' }],
    ['an array', ['test@test.com']],
    ['a number', 12345],
    ['null', null],
  ])('rejects email given as %s with a field error', async (_kind, email) => {
    const response = await post().send({ email, password: 'password' }).expect(400);
    expect(response.body).toEqual({ errors: [{ message: 'Email must be valid', field: 'email' }] });
    await expectNothingStoredAndStillServing();
  });

  it.each([
    ['an operator object', { $gt: '' }],
    ['an operator object that stringifies to a valid length', { $ne: 'x' }],
    ['an array', ['password']],
    ['a number', 12345678],
    ['a boolean', true],
  ])('rejects password given as %s with a field error', async (_kind, password) => {
    const response = await post().send({ email: 'test@test.com', password }).expect(400);
    expect(response.body.errors).toEqual([{ message: expect.any(String), field: 'password' }]);
    await expectNothingStoredAndStillServing();
  });

  it('rejects an email holding a lone UTF-16 surrogate (the validator would otherwise throw)', async () => {
    const response = await post()
      .set('Content-Type', 'application/json')
      .send('{"email": "\\ud800@test.com", "password": "password"}')
      .expect(400);
    expect(response.body).toEqual({ errors: [{ message: 'Email must be valid', field: 'email' }] });
    await expectNothingStoredAndStillServing();
  });

  it('rejects a very long email', async () => {
    const response = await post()
      .send({ email: `${'a'.repeat(50_000)}@test.com`, password: 'password' })
      .expect(400);
    expect(response.body).toEqual({ errors: [{ message: 'Email must be valid', field: 'email' }] });
    await expectNothingStoredAndStillServing();
  });

  it('answers a body over the 100 kB limit with a 413', async () => {
    const response = await post()
      .send({ email: 'test@test.com', password: 'x'.repeat(200_000) })
      .expect(413);
    expect(response.body).toEqual({ errors: [{ message: 'Request body is too large' }] });
    await expectNothingStoredAndStillServing();
  });
});

it('rejects a very long password at signup', async () => {
  const response = await request(app)
    .post('/api/users/signup')
    .send({ email: 'test@test.com', password: 'x'.repeat(90_000) })
    .expect(400);
  expect(response.body).toEqual({
    errors: [{ message: 'Password must be between 4 and 20 characters', field: 'password' }],
  });
  await expectNothingStoredAndStillServing();
});

it('answers a very long password at signin as invalid credentials', async () => {
  await signup('test@test.com');
  const response = await request(app)
    .post('/api/users/signin')
    .send({ email: 'test@test.com', password: 'x'.repeat(90_000) })
    .expect(400);
  expect(response.body).toEqual({ errors: [{ message: 'Invalid credentials' }] });
});

it('never lets an operator object match a stored user at signin', async () => {
  await signup('test@test.com');
  await request(app)
    .post('/api/users/signin')
    .send({ email: { $gt: '' }, password: 'password' })
    .expect(400);
  await request(app)
    .post('/api/users/signin')
    .send({ email: 'test@test.com', password: { $gt: '' } })
    .expect(400);
});

describe('unknown routes and methods', () => {
  it.each([
    ['get', '/api/users/nope'],
    ['get', '/'],
    ['post', '/api/tickets'],
    ['get', '/api/users/signup'],
    ['put', '/api/users/signin'],
    ['delete', '/api/users/currentuser'],
    ['patch', '/api/users/signout'],
  ] as const)('%s %s answers a normalized 404', async (method, path) => {
    const response = await request(app)[method](path).expect(404);
    expect(response.body).toEqual({ errors: [{ message: 'Not Found' }] });
  });
});
