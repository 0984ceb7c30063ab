import { body } from 'express-validator';

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
