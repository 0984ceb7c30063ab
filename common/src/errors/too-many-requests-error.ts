import { CustomError } from './custom-error';

/** 429: the client should wait `retryAfterSeconds` (sent as Retry-After) before trying again. */
export class TooManyRequestsError extends CustomError {
  statusCode = 429;

  constructor(
    message: string,
    public readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}
