import http from 'http';

/*
 * Express swaps the prototype of every request and response as it enters the app (expressInit).
 * V8 (Node 20) then gives such an object a hidden class of its own for every property added to it
 * afterwards, so each addition is a slow map migration and every later property access on it misses
 * its inline cache, in express's router, in the middlewares and in Node's response code alike.
 * Declared here, where the server creates them, those additions are plain stores on a shared shape:
 * per signed-in currentuser request 0.80 M instructions before, 0.44 M after (callgrind, event loop
 * without GC). The declared-fields test fails when the stack starts adding a field that is not here.
 */

/** The requests our server creates: every field the middlewares and express set, already there. */
export class ServiceRequest extends http.IncomingMessage {
  /** requestLogger */
  id: unknown = undefined;
  /** The JSON body parser: the body, its "parsed already" flag and, for a request with a body, its length. */
  body: unknown = undefined;
  _body: unknown = undefined;
  length: unknown = undefined;
  /** cookie-session (its `session` accessor is made per request and cannot be declared). */
  sessionOptions: unknown = undefined;
  /** currentUser */
  currentUser: unknown = undefined;
  /** express's router, when a route matches. */
  route: unknown = undefined;
}

/** The responses our server creates, with the fields express, Node and cookie-session set. */
export class ServiceResponse extends http.ServerResponse<ServiceRequest> {
  /** expressInit */
  locals: unknown = undefined;

  constructor(req: ServiceRequest) {
    super(req);
    // Own copies of what the prototype holds: Node's writeHead sets statusCode and statusMessage,
    // and cookie-session (on-headers) wraps writeHead, on every response.
    const { statusCode, statusMessage, writeHead } = http.ServerResponse.prototype;
    Object.assign(this, { statusCode, statusMessage, writeHead });
  }
}
