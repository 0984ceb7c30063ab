/*
 * The rules for a ticket's title and price, in plain TypeScript with no imports, so the API's
 * validators and the client's forms apply the very same ones (the client imports this file
 * through `@ticketing/common/rules`).
 */

/** A ticket id as the API gives it out: a MongoDB ObjectId's 24 hex digits. */
export const isTicketId = (id: string): boolean => /^[0-9a-f]{24}$/i.test(id);

/** The highest price a ticket may have. */
export const MAX_PRICE = 1_000_000;
/** The longest title, in characters (Unicode code points, so an emoji counts as one). */
export const MAX_TITLE_LENGTH = 200;

// Whitespace and invisible ("default ignorable") characters such as U+200B ZERO WIDTH SPACE or
// U+FEFF, at either end: removed, so a title of nothing but them is empty. Bidi controls are
// invisible too, but are left for the check below, which refuses them wherever they are.
const invisible = /^[\s\p{Default_Ignorable_Code_Point}]$/u;
const bidiControl = /^\p{Bidi_Control}$/u;
const trimmable = (char: string) => invisible.test(char) && !bidiControl.test(char);
// Refused anywhere: bidi controls (U+202E RIGHT-TO-LEFT OVERRIDE and friends can make a title
// read differently from what it says), control characters (line breaks, NUL) and lone surrogates.
const forbidden = /[\p{Bidi_Control}\p{Cc}\p{Cs}]/u;

/** The title as stored: NFC-normalized, with whitespace and invisible characters trimmed from both ends. */
export const normalizeTitle = (title: string): string => {
  // A scan from each end rather than an end-anchored regex, which would take quadratic time
  // over a long run of spaces inside a title.
  const chars = [...title.normalize('NFC')];
  let start = 0;
  let end = chars.length;
  while (start < end && trimmable(chars[start])) start += 1;
  while (end > start && trimmable(chars[end - 1])) end -= 1;
  return chars.slice(start, end).join('');
};

/** Why a title (as sent) is not acceptable, or undefined when it is. */
export const titleError = (title: string): string | undefined => {
  const normalized = normalizeTitle(title);
  if (!normalized) return 'Title is required';
  if (forbidden.test(normalized)) return 'Title must not contain control or text-direction characters';
  if ([...normalized].length > MAX_TITLE_LENGTH) return `Title must be at most ${MAX_TITLE_LENGTH} characters`;
  return undefined;
};

// A number's shortest round-trip decimal form (what String() gives) has at most two decimals.
// Exact, unlike a float tolerance: 20.1 passes, 20.001 and 1e-9 (written "1e-9") do not.
const twoDecimals = /^\d+(\.\d{1,2})?$/;

/** Why a price is not acceptable, or undefined when it is. Only a finite number can be a price. */
export const priceError = (price: unknown): string | undefined => {
  if (typeof price !== 'number' || !Number.isFinite(price)) return 'Price must be a number';
  if (price <= 0) return 'Price must be greater than 0';
  if (price > MAX_PRICE) return `Price must be at most ${MAX_PRICE}`;
  if (!twoDecimals.test(String(price))) return 'Price must have at most two decimals';
  return undefined;
};
