import { isDeepStrictEqual } from 'util';

/**
 * The settings in which two configurations (as a server reports them) differ, leaving out the
 * `ignored` keys (names and subjects, which must differ): `key: a ≠ b` per difference.
 */
export const configDifferences = (a: object, b: object, ignored: string[]): string[] => {
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])].filter((key) => !ignored.includes(key));
  return keys
    .filter((key) => !isDeepStrictEqual(left[key], right[key]))
    .sort()
    .map((key) => `${key}: ${JSON.stringify(left[key])} ≠ ${JSON.stringify(right[key])}`);
};
