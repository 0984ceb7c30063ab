import { PASSWORD_LENGTH_MESSAGE, passwordError } from '../user-rules';

it.each(['abcd', 'x'.repeat(20), '  four  ', 'pässwörd', '🔑🔑🔑🔑'])('accepts the password %p', (password) => {
  expect(passwordError(password)).toBeUndefined();
});

it.each(['', 'abc', '   abc   ', 'x'.repeat(21), '🔑'.repeat(21)])('refuses the password %p', (password) => {
  expect(passwordError(password)).toBe(PASSWORD_LENGTH_MESSAGE);
});

it('says the course rule', () => {
  expect(PASSWORD_LENGTH_MESSAGE).toBe('Password must be between 4 and 20 characters');
});
