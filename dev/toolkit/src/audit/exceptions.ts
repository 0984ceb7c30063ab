/**
 * High or critical `npm audit --omit=dev` advisories that were looked at and explained (the README
 * carries the explanation). `npm run audit:deps` fails on any other. Keep this list empty unless a
 * fix is impossible and the advisory cannot be reached through our code.
 */
export const explainedAdvisories: { package: string; reason: string }[] = [];
