/** Every error the services answer with: a status code and a list of messages in one shape. */
export abstract class CustomError extends Error {
  abstract statusCode: number;

  constructor(message: string) {
    super(message);
    // Keeps `instanceof` working for subclasses when compiled to ES5-style classes.
    Object.setPrototypeOf(this, new.target.prototype);
  }

  serializeErrors(): { message: string; field?: string }[] {
    return [{ message: this.message }];
  }
}
