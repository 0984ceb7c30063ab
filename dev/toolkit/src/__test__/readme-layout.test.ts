import { execFileSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import { repoRoot } from '../paths';

// What git tracks: a person's editor folders and build output are not part of the tree.
const files = execFileSync('git', ['ls-files'], { cwd: repoRoot, encoding: 'utf8' }).split('\n').filter(Boolean);
const topLevel = [...new Set(files.map((file) => file.split('/')[0]))];
const devWorkspaces = [
  ...new Set(files.filter((f) => f.startsWith('dev/')).map((f) => f.split('/').slice(0, 2).join('/'))),
];

const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
/** The paths named in the first column of the README's layout table (the first table in the file). */
const tablePaths = readme
  .slice(readme.indexOf('| part |'))
  .split('\n')
  .filter((line, i, lines) => line.startsWith('|') && lines.slice(0, i).every((l) => l.startsWith('|')))
  .slice(2)
  .flatMap((row) => [...row.split('|')[1].matchAll(/`([^`]+)`/g)].map((m) => m[1].replace(/\/$/, '')));

it("names every top-level entry and every dev workspace in the README's layout table", () => {
  // A folder is named by itself or by a file in it (`.ci/run`).
  const named = (entry: string) => tablePaths.some((p) => p === entry || p.startsWith(`${entry}/`));
  expect([...topLevel, ...devWorkspaces].filter((entry) => !named(entry))).toEqual([]);
});

it("names nothing in the README's layout table that is not in the tree", () => {
  expect(tablePaths.length).toBeGreaterThan(10);
  expect(tablePaths.filter((name) => !fs.existsSync(path.join(repoRoot, name)))).toEqual([]);
});
