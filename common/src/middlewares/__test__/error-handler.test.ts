import request from 'supertest';
import { BadRequestError } from '../../errors/bad-request-error';
import { TooManyRequestsError } from '../../errors/too-many-requests-error';
import { buildApp } from '../../test/build-app';
import { logger } from '../../logger';

const failWith = (err: Error) =>
  buildApp('post', '/fail', () => {
    throw err;
  });

it('answers a custom error with its status and serialized errors', async () => {
  const res = await request(failWith(new BadRequestError('Nope')))
    .post('/fail')
    .send({});
  expect(res.status).toBe(400);
  expect(res.body).toEqual({ errors: [{ message: 'Nope' }] });
});

it.each([
  [30, '30'],
  [2.2, '3'],
  [0, '1'],
])('answers a TooManyRequestsError (retry after %p s) with 429 and Retry-After %p', async (seconds, header) => {
  const res = await request(failWith(new TooManyRequestsError('Slow down', seconds)))
    .post('/fail')
    .send({});
  expect(res.status).toBe(429);
  expect(res.headers['retry-after']).toBe(header);
  expect(res.body).toEqual({ errors: [{ message: 'Slow down' }] });
});

it('logs an unknown error and answers a generic 500 without internals', async () => {
  const spy = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
  const res = await request(failWith(new Error('secret internals at /srv/app.js:12')))
    .post('/fail')
    .send({});
  expect(res.status).toBe(500);
  expect(res.headers['content-type']).toMatch(/json/);
  expect(res.body).toEqual({ errors: [{ message: 'Something went wrong' }] });
  expect(res.text).not.toContain('secret internals');
  expect(spy).toHaveBeenCalledWith(expect.objectContaining({ err: expect.any(Error) }), 'Unhandled error');
  spy.mockRestore();
});

it('answers an async handler failure the same way (express-async-errors)', async () => {
  const app = buildApp('post', '/fail', async () => {
    await Promise.resolve();
    throw new BadRequestError('Async nope');
  });
  const res = await request(app).post('/fail').send({});
  expect(res.status).toBe(400);
  expect(res.body).toEqual({ errors: [{ message: 'Async nope' }] });
});

it('answers malformed JSON with a 400 in the normalized shape', async () => {
  const res = await request(failWith(new Error('unreached')))
    .post('/fail')
    .set('Content-Type', 'application/json')
    .send('{"email": "a@b.c",');
  expect(res.status).toBe(400);
  expect(res.body).toEqual({ errors: [{ message: 'Request body is not valid JSON' }] });
});

it('answers a body over the limit with a 413 in the normalized shape', async () => {
  const res = await request(failWith(new Error('unreached')))
    .post('/fail')
    .send({ big: 'x'.repeat(200 * 1024) });
  expect(res.status).toBe(413);
  expect(res.body).toEqual({ errors: [{ message: 'Request body is too large' }] });
});

it('answers an unreachable database with a 503, not a 500', async () => {
  const err = new Error('connect ECONNREFUSED');
  err.name = 'MongoServerSelectionError';
  const res = await request(failWith(err)).post('/fail').send({});
  expect(res.status).toBe(503);
  expect(res.body).toEqual({ errors: [{ message: 'Error connecting to database' }] });
});

it('answers unknown routes with a normalized 404', async () => {
  const res = await request(failWith(new Error('unreached'))).delete('/nowhere');
  expect(res.status).toBe(404);
  expect(res.body).toEqual({ errors: [{ message: 'Not Found' }] });
});
