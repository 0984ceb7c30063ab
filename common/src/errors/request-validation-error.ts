import { ValidationError } from 'express-validator';
import { CustomError } from './custom-error';

export class RequestValidationError extends CustomError {
  statusCode = 400;

  constructor(public errors: ValidationError[]) {
    super('Invalid request parameters');
  }

  override serializeErrors() {
    // Only field errors carry a `path`; alternative/unknown-field errors have none.
    return this.errors.map((err) =>
      err.type === 'field' ? { message: String(err.msg), field: err.path } : { message: String(err.msg) },
    );
  }
}
