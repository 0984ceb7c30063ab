import { ValidationError } from 'express-validator';
import { BadRequestError } from '../bad-request-error';
import { ConflictError } from '../conflict-error';
import { CustomError } from '../custom-error';
import { DatabaseConnectionError } from '../database-connection-error';
import { NotAuthorizedError } from '../not-authorized-error';
import { NotFoundError } from '../not-found-error';
import { RequestValidationError } from '../request-validation-error';
import { TooManyRequestsError } from '../too-many-requests-error';

it.each([
  [new BadRequestError('Email in use'), 400, [{ message: 'Email in use' }]],
  [new NotAuthorizedError(), 401, [{ message: 'Not authorized' }]],
  [new NotFoundError(), 404, [{ message: 'Not Found' }]],
  [
    new ConflictError('Ticket was modified concurrently, try again'),
    409,
    [{ message: 'Ticket was modified concurrently, try again' }],
  ],
  [new DatabaseConnectionError(), 503, [{ message: 'Error connecting to database' }]],
  [new TooManyRequestsError('Too many failed sign-ins', 60), 429, [{ message: 'Too many failed sign-ins' }]],
])('%s has its status and serialized form', (error: CustomError, status, serialized) => {
  expect(error).toBeInstanceOf(CustomError);
  expect(error).toBeInstanceOf(Error);
  expect(error.statusCode).toBe(status);
  expect(error.serializeErrors()).toEqual(serialized);
});

it('serializes one entry per validation error, with the field where there is one', () => {
  const errors: ValidationError[] = [
    { type: 'field', location: 'body', path: 'email', value: 'x', msg: 'Email must be valid' },
    {
      type: 'field',
      location: 'body',
      path: 'password',
      value: '',
      msg: 'Password must be between 4 and 20 characters',
    },
    { type: 'unknown_fields', msg: 'Unknown field', fields: [] },
  ];
  const error = new RequestValidationError(errors);
  expect(error.statusCode).toBe(400);
  expect(error).toBeInstanceOf(CustomError);
  expect(error.serializeErrors()).toEqual([
    { message: 'Email must be valid', field: 'email' },
    { message: 'Password must be between 4 and 20 characters', field: 'password' },
    { message: 'Unknown field' },
  ]);
});
