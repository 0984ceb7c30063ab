import { execFileSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import { repoRoot } from './manifests';

/**
 * Glob -> RegExp for repository-relative paths, as Docker (.dockerignore) and skaffold (sync)
 * read them: `*` and `?` stay inside one path segment, `**` spans any number of segments.
 */
export const globToRegExp = (glob: string): RegExp => {
  let out = '';
  for (let i = 0; i < glob.length; i += 1) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      const slashAfter = glob[i + 2] === '/';
      out += slashAfter ? '(?:.*/)?' : '.*';
      i += slashAfter ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
};

interface IgnoreRule {
  negate: boolean;
  pattern: RegExp;
}

/** Parses .dockerignore text: one pattern a line, `#` comments, `!` re-includes. */
export const parseDockerignore = (text: string): IgnoreRule[] =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const negate = line.startsWith('!');
      const glob = path.posix.normalize((negate ? line.slice(1) : line).trim()).replace(/^\/+|\/+$/g, '');
      return { negate, pattern: globToRegExp(glob) };
    });

/**
 * Whether Docker leaves `file` out of the build context: the last rule matching the file or one of
 * its parent directories decides (excluding a directory excludes everything below it).
 */
export const isIgnored = (rules: IgnoreRule[], file: string): boolean => {
  const parts = file.split('/');
  const prefixes = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  let ignored = false;
  for (const rule of rules) {
    if (prefixes.some((p) => rule.pattern.test(p))) ignored = !rule.negate;
  }
  return ignored;
};

/**
 * Files of the working tree as a clean clone would have them (tracked plus new, not git-ignored,
 * and still present), relative to the repository root.
 */
export const workingTreeFiles = (root: string = repoRoot): string[] =>
  execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  })
    .toString()
    .split('\0')
    .filter((f) => f !== '' && fs.existsSync(path.join(root, f)))
    .sort();

/** The build context Docker sends for a build rooted at the repository: working tree minus .dockerignore. */
export const buildContextFiles = (root: string = repoRoot): string[] => {
  const ignoreFile = path.join(root, '.dockerignore');
  const rules = fs.existsSync(ignoreFile) ? parseDockerignore(fs.readFileSync(ignoreFile, 'utf8')) : [];
  return workingTreeFiles(root).filter((f) => !isIgnored(rules, f));
};
