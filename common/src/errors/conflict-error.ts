import { CustomError } from './custom-error';

/** The resource changed between read and write: the client should reload and try again. */
export class ConflictError extends CustomError {
  statusCode = 409;
}
