import fs from 'fs';
import path from 'path';
import { repoRoot } from '../paths';

// What a clone holds at the top level besides its own files: git's folder and what installs, builds
// and test runs leave behind (all git-ignored).
const NOT_IN_A_CLONE = new Set(['.git', 'node_modules', '.cache', '.data', 'coverage', '.env']);

const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
/** The paths named in the first column of the README's layout table (the first table in the file). */
const tablePaths = readme
  .slice(readme.indexOf('| part |'))
  .split('\n')
  .filter((line, i, lines) => line.startsWith('|') && lines.slice(0, i).every((l) => l.startsWith('|')))
  .slice(2)
  .flatMap((row) => [...row.split('|')[1].matchAll(/`([^`]+)`/g)].map((m) => m[1].replace(/\/$/, '')));

const topLevel = fs.readdirSync(repoRoot).filter((name) => !NOT_IN_A_CLONE.has(name));
const devWorkspaces = fs.readdirSync(path.join(repoRoot, 'dev')).map((name) => `dev/${name}`);

it("names every top-level entry and every dev workspace in the README's layout table", () => {
  // A folder is named by itself or by a file in it (`.ci/run`).
  const named = (entry: string) => tablePaths.some((p) => p === entry || p.startsWith(`${entry}/`));
  expect([...topLevel, ...devWorkspaces].filter((entry) => !named(entry))).toEqual([]);
});

it("names nothing in the README's layout table that is not in the tree", () => {
  expect(tablePaths.length).toBeGreaterThan(10);
  expect(tablePaths.filter((name) => !fs.existsSync(path.join(repoRoot, name)))).toEqual([]);
});
