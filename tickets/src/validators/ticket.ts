import { body } from 'express-validator';

const MAX_TITLE_LENGTH = 200;
const MAX_PRICE = 1_000_000;

const hasAtMostTwoDecimals = (value: number) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6;

/** A string (never an operator object or array), non-empty once trimmed, stored trimmed. */
export const titleField = body('title')
  .isString()
  .withMessage('Title is required')
  .bail()
  .trim()
  .notEmpty()
  .withMessage('Title is required')
  .bail()
  .isLength({ max: MAX_TITLE_LENGTH })
  .withMessage(`Title must be at most ${MAX_TITLE_LENGTH} characters`);

/** A JSON number (never a numeric string or object): > 0, bounded, at most two decimals. */
export const priceField = body('price')
  .custom((value: unknown) => typeof value === 'number' && Number.isFinite(value))
  .withMessage('Price must be a number')
  .bail()
  .custom((value: number) => value > 0)
  .withMessage('Price must be greater than 0')
  .bail()
  .custom((value: number) => value <= MAX_PRICE)
  .withMessage(`Price must be at most ${MAX_PRICE}`)
  .bail()
  .custom(hasAtMostTwoDecimals)
  .withMessage('Price must have at most two decimals');
