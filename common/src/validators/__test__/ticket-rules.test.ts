import { isTicketId, MAX_PRICE, MAX_TITLE_LENGTH, normalizeTitle, priceError, titleError } from '../ticket-rules';

describe('priceError', () => {
  it.each([0.01, 1, 20.1, 19.99, 20.5, 0.3, 123456.78, MAX_PRICE])('accepts %p', (price) => {
    expect(priceError(price)).toBeUndefined();
  });

  it.each([
    ['a string', '20', 'Price must be a number'],
    ['NaN', NaN, 'Price must be a number'],
    ['Infinity', Infinity, 'Price must be a number'],
    ['null', null, 'Price must be a number'],
    ['an object', { $gt: 0 }, 'Price must be a number'],
    ['zero', 0, 'Price must be greater than 0'],
    ['negative', -5, 'Price must be greater than 0'],
    ['above the maximum', MAX_PRICE + 0.01, `Price must be at most ${MAX_PRICE}`],
    ['1e308', 1e308, `Price must be at most ${MAX_PRICE}`],
    ['three decimals', 20.001, 'Price must have at most two decimals'],
    ['1e-9 (would display as $0.00)', 1e-9, 'Price must have at most two decimals'],
    ['1e-7', 1e-7, 'Price must have at most two decimals'],
    ['0.001', 0.001, 'Price must have at most two decimals'],
    ['999999.999999999 (would display as $1000000.00)', 999999.999999999, 'Price must have at most two decimals'],
    ['10.123', 10.123, 'Price must have at most two decimals'],
  ])('refuses %s', (_case, price, message) => {
    expect(priceError(price)).toBe(message);
  });
});

describe('titles', () => {
  it('normalizes to NFC and trims whitespace and invisible characters at both ends', () => {
    // "e" + COMBINING ACUTE ACCENT becomes "é"; ZERO WIDTH SPACE, BOM, WORD JOINER and spaces go.
    expect(normalizeTitle('\u200b\ufeff  Cafe\u0301 \u2060\n')).toBe('Caf\u00e9');
  });

  it('keeps invisible joiners inside the title (emoji sequences need them)', () => {
    expect(normalizeTitle(' 👨\u200d👩\u200d👧 show ')).toBe('👨\u200d👩\u200d👧 show');
    expect(titleError('👨\u200d👩\u200d👧 show')).toBeUndefined();
  });

  it.each([
    ['empty', ''],
    ['spaces, tabs and line breaks', ' \t\n '],
    ['zero-width spaces', '\u200b\u200b\u200b'],
    ['zero-width and other invisible characters', '\u200b\u200c\u200d\u2060\ufeff\u00ad'],
    ['no-break and ideographic spaces', '\u00a0\u3000'],
  ])('requires a title: %s is empty after trimming', (_case, title) => {
    expect(titleError(title)).toBe('Title is required');
  });

  it.each([
    ['a right-to-left override', 'Concert \u202eevil'],
    ['a left-to-right embedding', 'Concert\u202ax'],
    ['a bidi isolate', 'Concert \u2066x\u2069'],
    ['a right-to-left mark', 'Concert\u200fx'],
    ['a line break inside', 'Concert\nTonight'],
    ['a NUL', 'Con\u0000cert'],
    ['a lone surrogate', 'Concert \ud83c'],
    ['a right-to-left override at the end', 'Concert \u202e'],
    ['a pop directional formatting at the start', '\u202cConcert'],
  ])('refuses %s anywhere', (_case, title) => {
    expect(titleError(title)).toBe('Title must not contain control or text-direction characters');
  });

  it('counts the length in characters, not UTF-16 units', () => {
    // Each emoji is two UTF-16 units: 200 of them are 400 units but 200 characters.
    expect(titleError('🎟'.repeat(MAX_TITLE_LENGTH))).toBeUndefined();
    expect(titleError('🎟'.repeat(MAX_TITLE_LENGTH + 1))).toBe(`Title must be at most ${MAX_TITLE_LENGTH} characters`);
    expect(titleError('x'.repeat(MAX_TITLE_LENGTH))).toBeUndefined();
    expect(titleError('x'.repeat(MAX_TITLE_LENGTH + 1))).toBe(`Title must be at most ${MAX_TITLE_LENGTH} characters`);
  });

  it('counts the length after normalizing: 200 decomposed characters are 200, not 400', () => {
    expect(titleError('e\u0301'.repeat(MAX_TITLE_LENGTH))).toBeUndefined();
  });

  it('accepts ordinary Unicode titles', () => {
    expect(titleError('Konzert 🎟 — Ñandú 東京')).toBeUndefined();
    expect(titleError('حفلة موسيقية')).toBeUndefined();
  });
});

describe('isTicketId', () => {
  it.each(['6560f1b2c3d4e5f601234567', '6560F1B2C3D4E5F601234567'])('accepts %p', (id) => {
    expect(isTicketId(id)).toBe(true);
  });

  it.each([
    'healthz',
    'readyz',
    '',
    '6560f1b2c3d4e5f60123456',
    '6560f1b2c3d4e5f6012345678',
    'twelve chars',
    'g'.repeat(24),
  ])('refuses %p', (id) => {
    expect(isTicketId(id)).toBe(false);
  });
});
