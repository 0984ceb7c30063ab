import { Password } from '../password';

it('hashes to "<64-byte hex hash>.<hex salt>", never containing the password', async () => {
  const hash = await Password.toHash('password');
  expect(hash).toMatch(/^[0-9a-f]{128}\.[0-9a-f]{32}$/);
  expect(hash).not.toContain('password');
});

it('uses a random salt: the same password hashes differently each time', async () => {
  const [a, b] = await Promise.all([Password.toHash('password'), Password.toHash('password')]);
  expect(a).not.toBe(b);
  expect(a.split('.')[1]).not.toBe(b.split('.')[1]);
});

it('compares true for the right password and false for any other', async () => {
  const hash = await Password.toHash('password');
  expect(await Password.compare(hash, 'password')).toBe(true);
  expect(await Password.compare(hash, 'Password')).toBe(false);
  expect(await Password.compare(hash, 'password ')).toBe(false);
  expect(await Password.compare(hash, '')).toBe(false);
});

it('compares false, without throwing, against a malformed stored hash', async () => {
  const hash = await Password.toHash('password');
  const [hashed, salt] = hash.split('.');
  for (const stored of [
    '',
    'nodot',
    `${hashed}.`,
    `.${salt}`,
    `${hashed.slice(0, 10)}.${salt}`,
    `zz${hashed}.${salt}`,
  ]) {
    expect(await Password.compare(stored, 'password')).toBe(false);
  }
});

it('compares with the salt stored in the hash', async () => {
  const hash = await Password.toHash('password');
  const [hashed] = hash.split('.');
  expect(await Password.compare(`${hashed}.0123456789abcdef0123456789abcdef`, 'password')).toBe(false);
});
