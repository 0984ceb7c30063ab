import { requireEnv } from '../require-env';

afterEach(() => {
  delete process.env.TEST_A;
  delete process.env.TEST_B;
});

it('returns the variables when all are set', () => {
  process.env.TEST_A = 'a';
  process.env.TEST_B = 'b';
  expect(requireEnv(['TEST_A', 'TEST_B'])).toEqual({ TEST_A: 'a', TEST_B: 'b' });
});

it('names every missing variable at once', () => {
  process.env.TEST_A = 'a';
  expect(() => requireEnv(['TEST_A', 'TEST_B', 'TEST_C'])).toThrow(
    'Missing required environment variables: TEST_B, TEST_C',
  );
});
