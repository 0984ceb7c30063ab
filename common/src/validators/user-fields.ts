import { body } from 'express-validator';
import { byRule } from './by-rule';
import { passwordError, PASSWORD_LENGTH_MESSAGE } from './user-rules';

/**
 * `email` for signup and signin: a string (objects such as {"$gt": ""} or arrays are
 * rejected before they can reach a query), trimmed and lower-cased so one address is one
 * account. Not normalizeEmail(): it would also rewrite addresses (e.g. drop gmail dots).
 */
export const emailField = body('email')
  .isString()
  .withMessage('Email must be valid')
  .bail()
  // A lone UTF-16 surrogate makes isEmail's encodeURI throw (a 500); no valid address has one.
  .not()
  .matches(/\p{Cs}/u)
  .withMessage('Email must be valid')
  .bail()
  .trim()
  .toLowerCase()
  .isEmail()
  .withMessage('Email must be valid');

/** `password` as a trimmed string; what else it must be depends on the route. */
const passwordString = (message: string) => body('password').isString().withMessage(message).bail().trim();

/** A new password (signup): the course's length rule, passwordError. */
export const passwordField = passwordString(PASSWORD_LENGTH_MESSAGE).custom(byRule(passwordError));

/** A password given to sign in: only present; whether it is right is the route's business. */
export const suppliedPasswordField = passwordString('You must supply a password')
  .notEmpty()
  .withMessage('You must supply a password');
