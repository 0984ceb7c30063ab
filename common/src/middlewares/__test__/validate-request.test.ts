import { body } from 'express-validator';
import request from 'supertest';
import { buildApp } from '../../test/build-app';
import { validateRequest } from '../validate-request';

const app = buildApp(
  'post',
  '/check',
  body('email').isEmail().withMessage('Email must be valid'),
  body('password').isString().isLength({ min: 4 }).withMessage('Password too short'),
  validateRequest,
  (_req, res) => {
    res.send({ ok: true });
  },
);

it('lets a valid request through', async () => {
  const res = await request(app).post('/check').send({ email: 'a@b.com', password: 'long enough' });
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ ok: true });
});

it('answers 400 with one error per failing field', async () => {
  const res = await request(app).post('/check').send({ email: 'nope', password: 'x' });
  expect(res.status).toBe(400);
  expect(res.body).toEqual({
    errors: [
      { message: 'Email must be valid', field: 'email' },
      { message: 'Password too short', field: 'password' },
    ],
  });
});
