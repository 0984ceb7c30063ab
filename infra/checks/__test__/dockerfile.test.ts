import path from 'path';
import { buildContextFiles, globToRegExp, isIgnored, parseDockerignore } from '../context';
import {
  copyArgs,
  envArgs,
  parseDockerfile,
  readDockerfile,
  stageChain,
  stageConfig,
  targetStage,
} from '../dockerfile';
import { repoRoot } from '../manifests';

describe('parseDockerfile', () => {
  const stages = parseDockerfile(
    [
      '# syntax=docker/dockerfile:1',
      'FROM node:24.16-alpine AS base',
      'WORKDIR /app',
      'ENV A=1 B="two words"',
      'FROM base AS dev',
      'RUN npm ci \\',
      '  # a comment inside a continuation',
      '  --omit=dev',
      'CMD ["npm", "run", "dev"]',
      'FROM base AS build',
      'RUN npm run build',
      'FROM base AS production',
      'COPY --from=build --chown=node:node /app/build build',
      'USER node',
      'CMD ["node", "build/index.js"]',
    ].join('\n'),
  );

  it('splits stages and joins continuations', () => {
    expect(stages.map((s) => [s.name, s.from])).toEqual([
      ['base', 'node:24.16-alpine'],
      ['dev', 'base'],
      ['build', 'base'],
      ['production', 'base'],
    ]);
    expect(stages[1].instructions[0]).toMatchObject({ keyword: 'RUN', rest: 'npm ci    --omit=dev' });
    expect(stages[3].instructions[0].flags).toEqual({ from: 'build', chown: 'node:node' });
  });

  it('knows which stages the default target needs (not dev) and what it runs', () => {
    const production = targetStage(stages);
    expect(stageChain(stages, production).map((s) => s.name)).toEqual(['base', 'build', 'production']);
    expect(stageConfig(stages, production)).toEqual({
      workdir: '/app',
      env: { A: '1', B: 'two words' },
      user: 'node',
      cmd: ['node', 'build/index.js'],
      exposed: [],
    });
  });

  it('reads COPY and ENV arguments in both forms', () => {
    expect(copyArgs('a/ b/package.json dest/')).toEqual({ sources: ['a/', 'b/package.json'], dest: 'dest/' });
    expect(copyArgs('["a b", "c"]')).toEqual({ sources: ['a b'], dest: 'c' });
    expect(envArgs('NODE_ENV production')).toEqual({ NODE_ENV: 'production' });
  });
});

describe('.dockerignore matching', () => {
  const rules = parseDockerignore('# comment\n**/node_modules\n**/build\n*.md\n!README.md\n');

  it('excludes a matching directory with everything below it', () => {
    expect(isIgnored(rules, 'node_modules/x/index.js')).toBe(true);
    expect(isIgnored(rules, 'auth/node_modules/x/index.js')).toBe(true);
    expect(isIgnored(rules, 'common/build/index.js')).toBe(true);
    expect(isIgnored(rules, 'auth/src/index.ts')).toBe(false);
  });

  it('lets a later `!` rule re-include, and keeps `*` inside one segment', () => {
    expect(isIgnored(rules, 'NOTES.md')).toBe(true);
    expect(isIgnored(rules, 'README.md')).toBe(false);
    expect(isIgnored(rules, 'auth/NOTES.md')).toBe(false);
  });

  it('matches globs as skaffold sync does', () => {
    expect(globToRegExp('auth/src/**/*.ts').test('auth/src/index.ts')).toBe(true);
    expect(globToRegExp('auth/src/**/*.ts').test('auth/src/routes/signup.ts')).toBe(true);
    expect(globToRegExp('auth/src/**/*.ts').test('auth/srcx/index.ts')).toBe(false);
  });
});

describe('the repository build context', () => {
  const context = buildContextFiles();

  it('sends sources and manifests, not dependencies, build output, tests or git', () => {
    expect(context).toEqual(
      expect.arrayContaining(['package.json', 'package-lock.json', 'auth/src/index.ts', 'common/package.json']),
    );
    const unwanted = context.filter(
      (f) =>
        /(^|\/)(node_modules|build|\.next|__test__|\.git)\//.test(f) || f.startsWith('dev/') || f.endsWith('.test.ts'),
    );
    expect(unwanted).toEqual([]);
  });

  it.each(['auth', 'tickets', 'client'])('%s/Dockerfile: production excludes the dev stage and runs as node', (dir) => {
    const stages = readDockerfile(path.join(repoRoot, dir, 'Dockerfile'));
    const production = targetStage(stages);
    expect(production.name).toBe('production');
    expect(stageChain(stages, production).map((s) => s.name)).not.toContain('dev');
    expect(stageConfig(stages, production).user).toBe('node');
    expect(stageConfig(stages, targetStage(stages, 'dev')).user).toBe('node');
  });
});
