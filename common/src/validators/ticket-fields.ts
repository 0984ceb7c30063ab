import { body } from 'express-validator';
import { byRule } from './by-rule';
import { normalizeTitle, priceError, titleError } from './ticket-rules';

/** `title`: a string (never an operator object or array) passing titleError, stored normalized. */
export const titleField = body('title')
  .isString()
  .withMessage('Title is required')
  .bail()
  .custom(byRule(titleError))
  .customSanitizer(normalizeTitle);

/** `price`: a JSON number (never a numeric string or object) passing priceError. */
export const priceField = body('price').custom(byRule(priceError));
