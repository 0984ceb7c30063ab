import { CustomError } from './custom-error';

/** The database is unreachable: a temporary condition, so 503 rather than the course's 500. */
export class DatabaseConnectionError extends CustomError {
  statusCode = 503;

  constructor() {
    super('Error connecting to database');
  }
}
