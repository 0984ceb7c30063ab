import fs from 'fs';
import path from 'path';
import { repoRoot } from '../paths';

/** Every package.json of the repository: the root and each workspace. */
const manifests = (): string[] => {
  const root = path.join(repoRoot, 'package.json');
  const { workspaces } = JSON.parse(fs.readFileSync(root, 'utf8')) as { workspaces: string[] };
  return [root, ...workspaces.map((dir) => path.join(repoRoot, dir, 'package.json'))];
};

const scripts = manifests().flatMap((file) => {
  const { scripts = {} } = JSON.parse(fs.readFileSync(file, 'utf8')) as { scripts?: Record<string, string> };
  return Object.entries(scripts).map(([name, command]) => [`${path.relative(repoRoot, file)} ${name}`, command]);
});

// npm runs scripts with cmd.exe on Windows: none of this works there. Only `$` is looked for inside
// double quotes too (sh expands it there); the rest is literal inside them, e.g. in `node -e "..."`.
const posixOnly: [string, RegExp, boolean][] = [
  ['shell variables (${PORT:-3000}, $HOME)', /\$[{A-Za-z_]/, true],
  ['a leading NAME=value assignment', /(^|&&\s*)[A-Z_][A-Z0-9_]*=\S/, false],
  ['single quotes (cmd.exe quotes with ")', /'/, false],
  ['; between commands', /;/, false],
  ['rm, cp, mv or cat', /(^|&&\s*)(rm|cp|mv|cat)\s/, false],
];

const outsideDoubleQuotes = (command: string) => command.replace(/"[^"]*"/g, '""');

it('finds the scripts it checks', () => {
  expect(scripts.length).toBeGreaterThan(20);
});

for (const [what, pattern, evenQuoted] of posixOnly) {
  it(`no npm script uses ${what}`, () => {
    const offending = scripts.filter(([, command]) =>
      pattern.test(evenQuoted ? command : outsideDoubleQuotes(command)),
    );
    expect(offending).toEqual([]);
  });
}
